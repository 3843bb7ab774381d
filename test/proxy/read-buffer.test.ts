import t from 'tap';
import { READ_BUFFER, copyOut } from '../../proxy/read-buffer.ts';

t.test('copyOut keeps the bytes after the shared read buffer is overwritten', async (t) => {
  READ_BUFFER.write('GET / HTTP/1.1\r\n', 0, 'latin1');
  const copy = copyOut(READ_BUFFER.subarray(0, 16));
  READ_BUFFER.fill(0, 0, 16);
  t.equal(copy.toString('latin1'), 'GET / HTTP/1.1\r\n');
});

t.test("a small copy has memory of its own, not a slice of Buffer's shared pool", async (t) => {
  const pooled = Buffer.from(READ_BUFFER.subarray(0, 19));
  t.ok(pooled.buffer.byteLength > pooled.length, "Buffer.from's copy is a slice of a pool slab");
  const copy = copyOut(READ_BUFFER.subarray(0, 19));
  t.equal(copy.buffer.byteLength, 19, 'the copy owns exactly its bytes');
  t.equal(copyOut(Buffer.alloc(0)).length, 0);
});
