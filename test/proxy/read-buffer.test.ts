import net from 'node:net';
import { once } from 'node:events';
import t, { type Test } from 'tap';
import { READ_BUFFER, allocOwn, copyOut, readShared } from '../../proxy/read-buffer.ts';
import { listenOn } from '../support/servers.ts';

t.test('copyOut keeps the bytes after the shared read buffer is overwritten', async (t) => {
  READ_BUFFER.write('GET / HTTP/1.1\r\n', 0, 'latin1');
  const copy = copyOut(READ_BUFFER.subarray(0, 16));
  READ_BUFFER.fill(0, 0, 16);
  t.equal(copy.toString('latin1'), 'GET / HTTP/1.1\r\n');
  t.equal(copyOut(Buffer.alloc(0)).length, 0);
});

t.test("small buffers come from 2 KB slabs of weft's own, not from Buffer's 8 KB pool", async (t) => {
  const pooled = Buffer.from(READ_BUFFER.subarray(0, 19));
  t.equal(pooled.buffer.byteLength, Buffer.poolSize, "Buffer.from's copy is a slice of the shared pool");
  const small = copyOut(READ_BUFFER.subarray(0, 19));
  t.equal(small.buffer.byteLength, 2048, 'a slice of a 2 KB slab');
  const large = allocOwn(4000);
  t.equal(large.buffer.byteLength, 4000, 'a large buffer owns exactly its bytes');
});

t.test('buffers from the slabs never overlap', async (t) => {
  const bufs = Array.from({ length: 300 }, (_, i) => {
    const b = allocOwn(1 + (i % 97));
    b.fill(i % 256);
    return b;
  });
  t.ok(bufs.every((b, i) => b.every((x) => x === i % 256)), 'each buffer still holds what was written to it');
});

/** A connected pair: the accepted socket (not yet reading) and the client that dialled it. */
async function acceptedPair(t: Test): Promise<{ accepted: net.Socket; client: net.Socket }> {
  const server = await listenOn(net.createServer({ pauseOnConnect: true }));
  t.teardown(() => server.close());
  const client = net.connect(server.port, '127.0.0.1');
  const [accepted] = (await once(server.server, 'connection')) as [net.Socket];
  t.teardown(() => (client.destroy(), accepted.destroy()));
  return { accepted, client };
}

t.test('an accepted socket reads into the shared buffer: every byte in order, a pause holds, EOF ends it', async (t) => {
  const { accepted, client } = await acceptedPair(t);
  const got: Buffer[] = [];
  let full = false;
  t.ok(
    readShared(accepted, (n, buf) => {
      t.equal(buf, READ_BUFFER, 'the bytes are in the shared buffer');
      got.push(copyOut(buf.subarray(0, n)));
      return !full;
    }),
    'this Node has the fields readShared sets (else opaque TCP reads through the stream, slower)',
  );
  client.write('first');
  await new Promise((r) => setTimeout(r, 50));
  t.equal(Buffer.concat(got).toString(), 'first');
  full = true;
  client.write('second');
  await new Promise((r) => setTimeout(r, 50));
  const paused = got.length;
  client.write('third');
  await new Promise((r) => setTimeout(r, 50));
  t.equal(got.length, paused, 'no read is handed on while paused');
  full = false;
  const ended = once(accepted, 'end');
  accepted.resume();
  client.end('fourth');
  await ended;
  t.equal(Buffer.concat(got).toString(), 'firstsecondthirdfourth');
  t.equal(accepted.bytesRead, 'firstsecondthirdfourth'.length, 'bytesRead counts them (the TCP byte metrics read it)');
});

t.test('a socket with unread bytes or a data listener keeps its stream', async (t) => {
  const { accepted, client } = await acceptedPair(t);
  const onData = () => {};
  accepted.on('data', onData);
  t.notOk(readShared(accepted, () => true), 'a data listener');
  accepted.off('data', onData);
  accepted.pause();
  client.write('waiting');
  await once(accepted, 'readable');
  t.notOk(readShared(accepted, () => true), 'bytes in the stream');
  t.equal(accepted.read()?.toString(), 'waiting', 'still there to read');
});
