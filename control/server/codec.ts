// Routing state ↔ the wire: the only place protobuf meets the model.
import { fileURLToPath } from 'node:url';
import * as protoLoader from '@grpc/proto-loader';
import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import type { RouteDelta } from '../model/diff.ts';
import type { EndpointState, Protocol, RouteState, ServiceInfo } from '../model/route.ts';
import type { Update } from '../api/gen/weft/destination/v1/Update.ts';
import type { WatchRequest__Output } from '../api/gen/weft/destination/v1/WatchRequest.ts';
import type { Service } from '../api/gen/weft/destination/v1/Service.ts';
import type { Endpoint } from '../api/gen/weft/destination/v1/Endpoint.ts';

export const PROTO_PATH = fileURLToPath(new URL('../api/destination.proto', import.meta.url));

export const LOADER_OPTIONS: protoLoader.Options = { keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true };

const packageDefinition = protoLoader.loadSync(PROTO_PATH, LOADER_OPTIONS);
const destination = packageDefinition['weft.destination.v1.Destination'] as ServiceDefinition;
const watchMethod = destination.Watch as MethodDefinition<WatchRequest__Output, Update>;

/** Encodes an Update once, so one change costs one encoding however many streams want it. */
export function encodeUpdate(update: Update): Buffer {
  return watchMethod.responseSerialize(update);
}

/** The Destination service with Watch writing pre-encoded bytes as they are. */
export const destinationService: ServiceDefinition = {
  Watch: { ...watchMethod, responseSerialize: (bytes: Buffer) => bytes } as MethodDefinition<WatchRequest__Output, Buffer>,
};

const PROTOCOLS: Record<Protocol, Service['protocol']> = {
  unspecified: 'PROTOCOL_UNSPECIFIED',
  http1: 'PROTOCOL_HTTP1',
  http2: 'PROTOCOL_HTTP2',
  opaque: 'PROTOCOL_OPAQUE',
};

function serviceToWire(s: ServiceInfo): Service {
  return {
    name: s.name,
    namespace: s.namespace,
    port: s.port,
    protocol: PROTOCOLS[s.protocol],
    policy: {
      requestTimeoutMs: s.policy.requestTimeoutMs,
      perTryTimeoutMs: s.policy.perTryTimeoutMs,
      retryOn: s.policy.retryOn,
      retryNonIdempotent: s.policy.retryNonIdempotent,
    },
  };
}

// The model's endpoint has exactly the wire's fields.
const endpointToWire = (e: EndpointState): Endpoint => e;

export function snapshotUpdate(route: RouteState): Update {
  return {
    snapshot: {
      service: serviceToWire(route.service),
      backends: route.backends.map((b) => ({ name: b.name, namespace: b.namespace, weight: b.weight, endpoints: b.endpoints.map(endpointToWire) })),
    },
  };
}

export function deltaUpdate(delta: RouteDelta): Update {
  return {
    delta: {
      ...(delta.service ? { service: serviceToWire(delta.service) } : {}),
      backends: delta.backends.map((b) => ({ ...b, upserted: b.upserted.map(endpointToWire) })),
    },
  };
}

export function noSuchServiceUpdate(reason: string): Update {
  return { noSuchService: { reason } };
}
