import type { Update__Output } from '../../control/api/gen/weft/destination/v1/Update.ts';
import type { Service__Output } from '../../control/api/gen/weft/destination/v1/Service.ts';
import type { Endpoint__Output } from '../../control/api/gen/weft/destination/v1/Endpoint.ts';
import type { Backend__Output } from '../../control/api/gen/weft/destination/v1/Backend.ts';
import type { BackendInfo, DiscoveryUpdate, EndpointInfo, Protocol, ServiceInfo } from './types.ts';

const PROTOCOLS: Record<string, Protocol> = {
  PROTOCOL_HTTP1: 'http1',
  PROTOCOL_HTTP2: 'http2',
  PROTOCOL_OPAQUE: 'opaque',
};

export function endpointKey(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

function service(s: Service__Output): ServiceInfo {
  return {
    name: s.name,
    namespace: s.namespace,
    port: s.port,
    protocol: PROTOCOLS[String(s.protocol)] ?? 'detect',
    policy: {
      requestTimeoutMs: s.policy?.requestTimeoutMs ?? 0,
      perTryTimeoutMs: s.policy?.perTryTimeoutMs ?? 0,
      retryOn: s.policy?.retryOn ?? [],
      retryNonIdempotent: s.policy?.retryNonIdempotent ?? false,
    },
  };
}

export function endpoint(e: Endpoint__Output): EndpointInfo {
  const port = e.meshed && e.inboundPort ? e.inboundPort : e.port;
  return {
    key: endpointKey(e.address, e.port),
    host: e.address,
    port,
    ready: e.ready,
    terminating: e.terminating,
    workload: e.workload,
    meshed: e.meshed,
    weight: e.weight || 1,
  };
}

function backend(b: Backend__Output): BackendInfo {
  return { name: b.name, namespace: b.namespace, weight: b.weight, endpoints: b.endpoints.map(endpoint) };
}

/** Protobuf stops here: a Watch message becomes a Reset, Delta or DoesNotExist. */
export function fromWire(u: Update__Output): DiscoveryUpdate | undefined {
  if (u.kind === 'snapshot' && u.snapshot?.service) {
    return { kind: 'reset', service: service(u.snapshot.service), backends: u.snapshot.backends.map(backend) };
  }
  if (u.kind === 'delta' && u.delta) {
    return {
      kind: 'delta',
      service: u.delta.service ? service(u.delta.service) : undefined,
      backends: u.delta.backends.map((c) => ({
        name: c.name,
        namespace: c.namespace,
        weight: c.weight,
        removed: c.removed,
        upserted: c.upserted.map(endpoint),
        deleted: c.deleted,
      })),
    };
  }
  if (u.kind === 'noSuchService') return { kind: 'does-not-exist', reason: u.noSuchService?.reason ?? '' };
  return undefined;
}
