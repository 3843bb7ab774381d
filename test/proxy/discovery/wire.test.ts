// The proxy decodes Destination messages with protobufjs directly; the control plane (and
// every other gRPC user of the .proto) goes through @grpc/proto-loader. Both must see the
// same objects for the same bytes.
import * as protoLoader from '@grpc/proto-loader';
import type { MethodDefinition } from '@grpc/proto-loader';
import t from 'tap';
import { LOADER_OPTIONS, PROTO_PATH } from '../../../control/server/codec.ts';
import type { Update } from '../../../control/api/gen/weft/destination/v1/Update.ts';
import { decodeUpdate, encodeWatchRequest } from '../../../proxy/discovery/wire.ts';

const def = protoLoader.loadSync(PROTO_PATH, LOADER_OPTIONS);
const watch = (def['weft.destination.v1.Destination'] as Record<string, MethodDefinition<object, object>>).Watch!;

const endpoint = { address: 'fd00::1', port: 8080, ready: true, serving: true, terminating: false, zone: 'z1', node: 'n1', pod: 'web-0', workload: 'web', meshed: true, inboundPort: 4143, weight: 3 };
const UPDATES: Record<string, Update> = {
  'a snapshot with every field': {
    snapshot: {
      service: { name: 'web', namespace: 'demo', port: 80, protocol: 'PROTOCOL_HTTP2', policy: { requestTimeoutMs: 1500, perTryTimeoutMs: 500, retryOn: ['5xx', 'connect-failure'], retryNonIdempotent: true } },
      backends: [{ name: 'web', namespace: 'demo', weight: 90, endpoints: [endpoint, { address: '10.0.0.2', port: 8080 }] }, { name: 'web-canary', namespace: 'demo', weight: 10, endpoints: [] }],
    },
  },
  'a delta': { delta: { backends: [{ name: 'web', namespace: 'demo', weight: 1, upserted: [endpoint], deleted: ['10.0.0.2:8080'] }, { name: 'old', namespace: 'demo', removed: true }] } },
  'a delta with a new service policy': { delta: { service: { name: 'web', namespace: 'demo', port: 80, protocol: 'PROTOCOL_OPAQUE' } } },
  'no such service': { noSuchService: { reason: 'not found' } },
  'an empty message': {},
  'an enum value this proxy does not know (a newer control plane)': { snapshot: { service: { name: 'web', namespace: 'demo', port: 80, protocol: 7 as unknown as 'PROTOCOL_HTTP1' }, backends: [] } },
};

for (const [what, u] of Object.entries(UPDATES)) {
  t.test(`${what}: the same object as @grpc/proto-loader's`, async (t) => {
    const bytes = watch.responseSerialize(u);
    t.strictSame(decodeUpdate(bytes), watch.responseDeserialize(bytes));
  });
}

t.test('a WatchRequest encodes to the bytes @grpc/proto-loader sends', async (t) => {
  const req = { authority: 'web.demo.svc.cluster.local:80', proxyId: 'web-0', proxyNamespace: 'demo' };
  t.same(Buffer.from(encodeWatchRequest(req)), watch.requestSerialize(req));
});

t.test('bytes that are not an Update throw', async (t) => {
  t.throws(() => decodeUpdate(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f])));
});
