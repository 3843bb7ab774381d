// A Destination client for tests: a real grpc-js client that keeps the state it was sent.
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { LOADER_OPTIONS, PROTO_PATH } from '../../control/server/codec.ts';
import { applyDelta } from '../../control/model/diff.ts';
import type { RouteState } from '../../control/model/route.ts';
import type { Update__Output } from '../../control/api/gen/weft/destination/v1/Update.ts';
import type { Service__Output } from '../../control/api/gen/weft/destination/v1/Service.ts';
import type { DestinationClient } from '../../control/api/gen/weft/destination/v1/Destination.ts';
import type { ProtoGrpcType } from '../../control/api/gen/destination.ts';

const proto = grpc.loadPackageDefinition(protoLoader.loadSync(PROTO_PATH, LOADER_OPTIONS)) as unknown as ProtoGrpcType;

export function destinationClient(address: string): DestinationClient {
  return new proto.weft.destination.v1.Destination(address, grpc.credentials.createInsecure());
}

const protocols = { PROTOCOL_UNSPECIFIED: 'unspecified', PROTOCOL_HTTP1: 'http1', PROTOCOL_HTTP2: 'http2', PROTOCOL_OPAQUE: 'opaque' } as const;

function service(s: Service__Output): RouteState['service'] {
  return { name: s.name, namespace: s.namespace, port: s.port, protocol: protocols[s.protocol], policy: { ...s.policy! } };
}

export interface Watcher {
  updates: Update__Output[];
  /** State after applying every update; undefined while the service does not exist. */
  state: RouteState | undefined;
  ended: grpc.StatusObject | undefined;
  call: grpc.ClientReadableStream<Update__Output>;
  close(): void;
}

export function watch(client: DestinationClient, authority: string): Watcher {
  const call = client.Watch({ authority, proxyId: 'test' });
  const w: Watcher = { updates: [], state: undefined, ended: undefined, call, close: () => call.cancel() };
  call.on('data', (u: Update__Output) => {
    w.updates.push(u);
    if (u.snapshot) {
      w.state = { service: service(u.snapshot.service!), backends: u.snapshot.backends.map((b) => ({ ...b })) };
    } else if (u.noSuchService) {
      w.state = undefined;
    } else if (u.delta && w.state) {
      w.state = applyDelta(w.state, { ...(u.delta.service ? { service: service(u.delta.service) } : {}), backends: u.delta.backends });
    }
  });
  call.on('status', (s) => (w.ended = s));
  call.on('error', () => {});
  return w;
}

/** Endpoint addresses per backend, "name:weight" → ["addr:port"], for compact assertions. */
export function summary(state: RouteState | undefined): Record<string, string[]> | undefined {
  if (!state) return undefined;
  return Object.fromEntries(state.backends.map((b) => [`${b.name}:${b.weight}`, b.endpoints.filter((e) => e.ready).map((e) => `${e.address}:${e.port}`)]));
}
