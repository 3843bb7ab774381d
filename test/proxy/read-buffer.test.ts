import t from 'tap';
import { READ_BUFFER, allocOwn, copyOut } from '../../proxy/read-buffer.ts';

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
