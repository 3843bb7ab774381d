import t from 'tap';
import { encodeGrpcMessage, grpcStatusFor, grpcTimeoutMs, isGrpc } from '../../../proxy/http/grpc.ts';

t.test('a gRPC call is recognised by its content-type', async (t) => {
  t.ok(isGrpc({ 'content-type': 'application/grpc' }));
  t.ok(isGrpc({ 'content-type': 'application/grpc+proto' }));
  t.notOk(isGrpc({ 'content-type': 'application/json' }));
  t.notOk(isGrpc({}));
});

t.test('proxy errors map to the gRPC status a client expects', async (t) => {
  t.equal(grpcStatusFor('timeout'), 4, 'DEADLINE_EXCEEDED');
  t.equal(grpcStatusFor('connect-refused'), 14, 'UNAVAILABLE');
  t.equal(grpcStatusFor('no-endpoints'), 14);
  t.equal(grpcStatusFor('bad-request'), 13, 'INTERNAL');
});

t.test('grpc-message is percent-encoded outside printable ASCII', async (t) => {
  t.equal(encodeGrpcMessage('plain text: ok'), 'plain text: ok');
  t.equal(encodeGrpcMessage('100% → x\n'), '100%25 %E2%86%92 x%0A');
});

t.test('grpc-timeout in every unit, malformed ones ignored', async (t) => {
  t.equal(grpcTimeoutMs({ 'grpc-timeout': '250m' }), 250);
  t.equal(grpcTimeoutMs({ 'grpc-timeout': '2S' }), 2_000);
  t.equal(grpcTimeoutMs({ 'grpc-timeout': '1M' }), 60_000);
  t.equal(grpcTimeoutMs({ 'grpc-timeout': '1H' }), 3_600_000);
  t.equal(grpcTimeoutMs({ 'grpc-timeout': '1500u' }), 2, 'rounded up');
  t.equal(grpcTimeoutMs({ 'grpc-timeout': '5n' }), 1, 'never 0: that would mean none');
  t.equal(grpcTimeoutMs({ 'grpc-timeout': '123456789m' }), 0, 'more than 8 digits');
  t.equal(grpcTimeoutMs({ 'grpc-timeout': '5s' }), 0, 'unknown unit');
  t.equal(grpcTimeoutMs({}), 0);
});
