// Kubernetes object (plain JSON, as a manifest file or the API server gives it) →
// the model's normalized object, or a validation error naming the field.
import { z } from 'zod';
import { defineError, WeftError } from '../../lib/errors.ts';
import type {
  ClusterObject,
  EndpointSliceObject,
  HTTPRouteObject,
  PodObject,
  ServiceObject,
  TrafficSplitObject,
  WeightedBackend,
} from '../model/objects.ts';

export const InvalidObjectError = defineError('WEFT_INVALID_OBJECT', 'A Kubernetes object fails validation; the message names the field.');
export const UnsupportedVersionError = defineError(
  'WEFT_UNSUPPORTED_API_VERSION',
  'A known kind comes with an apiVersion weft does not read (e.g. split.smi-spec.io/v1beta9).',
);

/** Annotation the injector sets on meshed pods: the sidecar's inbound port. */
export const INBOUND_PORT_ANNOTATION = 'weft.dev/inbound-port';

const name = z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a DNS name').max(253);
const port = z.number().int().min(1).max(65535);
const protocol = z.enum(['TCP', 'UDP', 'SCTP']).default('TCP');
const metadata = z.object({
  name,
  namespace: name.optional(),
  labels: z.record(z.string(), z.string()).nullish(),
  annotations: z.record(z.string(), z.string()).nullish(),
  ownerReferences: z.array(z.object({ kind: z.string(), name: z.string(), controller: z.boolean().nullish() })).nullish(),
});

const serviceSchema = z.object({
  metadata,
  spec: z.object({
    clusterIP: z.string().nullish(),
    clusterIPs: z.array(z.string()).nullish(),
    ports: z
      .array(
        z.object({
          name: z.string().nullish(),
          port,
          targetPort: z.union([port, z.string().min(1)]).nullish(),
          protocol,
          appProtocol: z.string().nullish(),
        }),
      )
      .nullish(),
  }),
});

const sliceSchema = z.object({
  metadata,
  addressType: z.enum(['IPv4', 'IPv6', 'FQDN']),
  ports: z
    .array(z.object({ name: z.string().nullish(), port: port.nullish(), protocol, appProtocol: z.string().nullish() }))
    .nullish(),
  endpoints: z
    .array(
      z.object({
        addresses: z.array(z.string().min(1)).min(1),
        conditions: z
          .object({ ready: z.boolean().nullish(), serving: z.boolean().nullish(), terminating: z.boolean().nullish() })
          .nullish(),
        zone: z.string().nullish(),
        nodeName: z.string().nullish(),
        targetRef: z.object({ kind: z.string().nullish(), name: z.string(), namespace: z.string().nullish() }).nullish(),
      }),
    )
    .nullish(),
});

const podSchema = z.object({
  metadata,
  status: z.object({ podIP: z.string().nullish(), podIPs: z.array(z.object({ ip: z.string() })).nullish() }).nullish(),
});

// SMI v1alpha1 wrote weights as quantities ("900m"); v1alpha2 and later as integers.
const splitWeight = z.union([
  z.number().int().nonnegative(),
  z
    .string()
    .regex(/^\d+(m)?$/, 'must be an integer or a quantity such as 900m')
    .transform((q) => (q.endsWith('m') ? Number(q.slice(0, -1)) : Number(q) * 1000)),
]);

const trafficSplitSchema = z.object({
  metadata,
  spec: z.object({
    service: name,
    backends: z.array(z.object({ service: name, weight: splitWeight })).min(1),
  }),
});

const duration = z
  .string()
  .regex(/^([0-9]{1,5}(h|m|s|ms)){1,4}$/, 'must be a Gateway API duration such as 500ms or 10s')
  .transform(durationMs);

const backendRef = z.object({
  group: z.string().nullish(),
  kind: z.string().nullish(),
  name,
  namespace: name.nullish(),
  port: port.nullish(),
  weight: z.number().int().nonnegative().nullish(),
});

const httpRouteSchema = z.object({
  metadata,
  spec: z.object({
    parentRefs: z
      .array(
        z.object({ group: z.string().nullish(), kind: z.string().nullish(), name, namespace: name.nullish(), port: port.nullish() }),
      )
      .min(1),
    rules: z
      .array(
        z.object({
          backendRefs: z.array(backendRef).nullish(),
          timeouts: z.object({ request: duration.nullish(), backendRequest: duration.nullish() }).nullish(),
        }),
      )
      .nullish(),
  }),
});

/** Gateway API duration ("1h30m", "500ms", "10s") in milliseconds. */
export function durationMs(text: string): number {
  let total = 0;
  for (const [, n, unit] of text.matchAll(/(\d+)(ms|h|m|s)/g)) {
    total += Number(n) * { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[unit as 'ms' | 's' | 'm' | 'h'];
  }
  return total;
}

type Parsed<T extends z.ZodType> = z.infer<T>;

function parse<T extends z.ZodType>(schema: T, raw: unknown, what: string): Parsed<T> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue ? issue.path.join('.') : '';
  throw new InvalidObjectError(`${what}: ${field ? `${field}: ` : ''}${issue?.message ?? 'invalid'}`, { field });
}

function isCoreService(group: string | null | undefined, kind: string | null | undefined): boolean {
  return (group == null || group === '' || group === 'core') && (kind == null || kind === 'Service');
}

/** Workload of a pod: Deployment (ReplicaSet minus its pod-template-hash), StatefulSet, DaemonSet, Job, or itself. */
function workloadOf(meta: Parsed<typeof metadata>): string {
  const owner = meta.ownerReferences?.find((o) => o.controller) ?? meta.ownerReferences?.[0];
  if (!owner) return meta.name;
  const hash = meta.labels?.['pod-template-hash'];
  if (owner.kind === 'ReplicaSet' && hash && owner.name.endsWith(`-${hash}`)) {
    return owner.name.slice(0, -hash.length - 1);
  }
  return owner.name;
}

export interface RawObject {
  apiVersion?: unknown;
  kind?: unknown;
  [key: string]: unknown;
}

const KNOWN: Record<string, string[]> = {
  Service: ['v1'],
  EndpointSlice: ['discovery.k8s.io/v1'],
  Pod: ['v1'],
  TrafficSplit: ['split.smi-spec.io/v1alpha1', 'split.smi-spec.io/v1alpha2', 'split.smi-spec.io/v1alpha3', 'split.smi-spec.io/v1alpha4'],
  HTTPRoute: ['gateway.networking.k8s.io/v1', 'gateway.networking.k8s.io/v1beta1'],
};

/**
 * Normalizes one object. Returns undefined for kinds weft does not read (a Deployment in a
 * manifests folder is fine); throws for a known kind with an unknown apiVersion or a field
 * that fails validation. `defaultNamespace` fills a missing metadata.namespace.
 */
export function normalize(raw: RawObject, defaultNamespace = 'default'): ClusterObject | undefined {
  try {
    return normalizeUnchecked(raw, defaultNamespace);
  } catch (err) {
    // Name the object, so a report points at it and its last good version can be kept.
    if (err instanceof WeftError && typeof raw === 'object' && raw !== null) {
      const meta = (raw.metadata ?? {}) as { name?: unknown; namespace?: unknown };
      if (typeof raw.kind === 'string') err.details.kind = raw.kind;
      if (typeof meta.name === 'string') {
        err.details.name = meta.name;
        err.details.namespace = typeof meta.namespace === 'string' ? meta.namespace : defaultNamespace;
        err.message = `${err.details.namespace}/${meta.name}: ${err.message}`;
      }
    }
    throw err;
  }
}

function normalizeUnchecked(raw: RawObject, defaultNamespace: string): ClusterObject | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InvalidObjectError('object: expected a mapping');
  }
  const kind = raw.kind;
  if (typeof kind !== 'string') throw new InvalidObjectError('kind: required', { field: 'kind' });
  const versions = KNOWN[kind];
  if (!versions) return undefined;
  if (typeof raw.apiVersion !== 'string' || !versions.includes(raw.apiVersion)) {
    throw new UnsupportedVersionError(`apiVersion: ${kind} ${String(raw.apiVersion)} is not supported (expected ${versions.join(' or ')})`, {
      field: 'apiVersion',
    });
  }
  const what = `${kind}`;
  switch (kind) {
    case 'Service':
      return service(parse(serviceSchema, raw, what), defaultNamespace);
    case 'EndpointSlice':
      return endpointSlice(parse(sliceSchema, raw, what), defaultNamespace);
    case 'Pod':
      return pod(parse(podSchema, raw, what), defaultNamespace);
    case 'TrafficSplit':
      return trafficSplit(parse(trafficSplitSchema, raw, what), defaultNamespace);
    default:
      return httpRoute(parse(httpRouteSchema, raw, what), defaultNamespace);
  }
}

function service(s: Parsed<typeof serviceSchema>, ns: string): ServiceObject {
  const ips = s.spec.clusterIPs ?? (s.spec.clusterIP ? [s.spec.clusterIP] : []);
  return {
    kind: 'Service',
    namespace: s.metadata.namespace ?? ns,
    name: s.metadata.name,
    clusterIPs: ips.filter((ip) => ip !== 'None' && ip !== ''),
    ports: (s.spec.ports ?? []).map((p) => ({
      name: p.name ?? '',
      port: p.port,
      targetPort: p.targetPort ?? p.port,
      protocol: p.protocol,
      ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}),
    })),
    annotations: s.metadata.annotations ?? {},
  };
}

function endpointSlice(s: Parsed<typeof sliceSchema>, ns: string): EndpointSliceObject {
  const namespace = s.metadata.namespace ?? ns;
  const svc = s.metadata.labels?.['kubernetes.io/service-name'];
  if (!svc) {
    throw new InvalidObjectError('EndpointSlice: metadata.labels.kubernetes.io/service-name: required', {
      field: 'metadata.labels.kubernetes.io/service-name',
    });
  }
  const ports = s.ports ?? [];
  if (ports.length === 0 && (s.endpoints?.length ?? 0) > 0) {
    throw new InvalidObjectError('EndpointSlice: ports: an EndpointSlice with endpoints needs at least one port', { field: 'ports' });
  }
  return {
    kind: 'EndpointSlice',
    namespace,
    name: s.metadata.name,
    service: svc,
    addressType: s.addressType,
    ports: ports.flatMap((p, i) => {
      if (p.port == null) {
        throw new InvalidObjectError(`EndpointSlice: ports.${i}.port: required`, { field: `ports.${i}.port` });
      }
      return [{ name: p.name ?? '', port: p.port, protocol: p.protocol, ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}) }];
    }),
    endpoints: (s.endpoints ?? []).map((e) => {
      // Per the EndpointSlice API: ready unset means ready; serving unset follows ready.
      const ready = e.conditions?.ready ?? true;
      return {
        addresses: e.addresses,
        ready,
        serving: e.conditions?.serving ?? ready,
        terminating: e.conditions?.terminating ?? false,
        ...(e.zone ? { zone: e.zone } : {}),
        ...(e.nodeName ? { nodeName: e.nodeName } : {}),
        ...(e.targetRef && (e.targetRef.kind ?? 'Pod') === 'Pod'
          ? { pod: { namespace: e.targetRef.namespace ?? namespace, name: e.targetRef.name } }
          : {}),
      };
    }),
  };
}

function pod(p: Parsed<typeof podSchema>, ns: string): PodObject {
  const annotation = p.metadata.annotations?.[INBOUND_PORT_ANNOTATION];
  let inboundPort: number | undefined;
  if (annotation !== undefined) {
    inboundPort = Number(annotation);
    if (!Number.isInteger(inboundPort) || inboundPort < 1 || inboundPort > 65535) {
      throw new InvalidObjectError(`Pod: metadata.annotations.${INBOUND_PORT_ANNOTATION}: must be a port number`, {
        field: `metadata.annotations.${INBOUND_PORT_ANNOTATION}`,
      });
    }
  }
  const ips = p.status?.podIPs?.map((x) => x.ip) ?? (p.status?.podIP ? [p.status.podIP] : []);
  return {
    kind: 'Pod',
    namespace: p.metadata.namespace ?? ns,
    name: p.metadata.name,
    workload: workloadOf(p.metadata),
    meshed: inboundPort !== undefined,
    ...(inboundPort !== undefined ? { inboundPort } : {}),
    podIPs: ips,
  };
}

function trafficSplit(t: Parsed<typeof trafficSplitSchema>, ns: string): TrafficSplitObject {
  const namespace = t.metadata.namespace ?? ns;
  return {
    kind: 'TrafficSplit',
    namespace,
    name: t.metadata.name,
    service: t.spec.service,
    backends: t.spec.backends.map((b) => ({ service: b.service, namespace, weight: b.weight })),
  };
}

function httpRoute(r: Parsed<typeof httpRouteSchema>, ns: string): HTTPRouteObject {
  const namespace = r.metadata.namespace ?? ns;
  const parents = r.spec.parentRefs
    .filter((p) => p.kind === 'Service' && (p.group == null || p.group === '' || p.group === 'core'))
    .map((p) => ({ service: p.name, namespace: p.namespace ?? namespace, ...(p.port != null ? { port: p.port } : {}) }));
  // weft routes per service, not per path yet: the first rule carries the backends and timeouts.
  const rule = r.spec.rules?.[0];
  const backends: WeightedBackend[] = [];
  // A route attached only to Gateways is not weft's: its backends may be any kind.
  for (const [i, b] of (parents.length > 0 ? (rule?.backendRefs ?? []) : []).entries()) {
    if (!isCoreService(b.group, b.kind)) {
      throw new InvalidObjectError(`HTTPRoute: spec.rules.0.backendRefs.${i}.kind: only Services are supported`, {
        field: `spec.rules.0.backendRefs.${i}.kind`,
      });
    }
    backends.push({
      service: b.name,
      namespace: b.namespace ?? namespace,
      ...(b.port != null ? { port: b.port } : {}),
      weight: b.weight ?? 1,
    });
  }
  return {
    kind: 'HTTPRoute',
    namespace,
    name: r.metadata.name,
    parents,
    backends,
    timeouts: {
      ...(rule?.timeouts?.request != null ? { requestMs: rule.timeouts.request } : {}),
      ...(rule?.timeouts?.backendRequest != null ? { backendRequestMs: rule.timeouts.backendRequest } : {}),
    },
  };
}
