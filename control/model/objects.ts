// The cluster objects the model reads, normalized from Kubernetes' shapes by
// control/source/normalize.ts. Both sources (Kubernetes API and a manifests folder) feed
// these, so the model never sees a Kubernetes client type.

export type Kind = 'Service' | 'EndpointSlice' | 'Pod' | 'TrafficSplit' | 'HTTPRoute';

export const KINDS: readonly Kind[] = ['Service', 'EndpointSlice', 'Pod', 'TrafficSplit', 'HTTPRoute'];

interface Meta {
  namespace: string;
  name: string;
}

export type AppProtocol = 'http' | 'h2c' | 'grpc' | 'opaque' | 'unknown';

export interface ServicePort {
  name: string;
  port: number;
  /** Number, or the name of a container port. */
  targetPort: number | string;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  appProtocol?: string;
}

export interface ServiceObject extends Meta {
  kind: 'Service';
  clusterIPs: string[];
  ports: ServicePort[];
  annotations: Record<string, string>;
}

export interface SlicePort {
  name: string;
  port: number;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  appProtocol?: string;
}

export interface SliceEndpoint {
  addresses: string[];
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  zone?: string;
  nodeName?: string;
  /** targetRef when it names a Pod. */
  pod?: { namespace: string; name: string };
}

export interface EndpointSliceObject extends Meta {
  kind: 'EndpointSlice';
  /** From the kubernetes.io/service-name label. */
  service: string;
  addressType: 'IPv4' | 'IPv6' | 'FQDN';
  ports: SlicePort[];
  endpoints: SliceEndpoint[];
}

export interface PodObject extends Meta {
  kind: 'Pod';
  /** Owning workload name (Deployment via ReplicaSet, StatefulSet, DaemonSet, Job), or the pod's name. */
  workload: string;
  /** Annotated weft.dev/meshed (set by the injector) with the sidecar's inbound port. */
  meshed: boolean;
  inboundPort?: number;
  podIPs: string[];
}

export interface WeightedBackend {
  /** Service name, in the route's namespace unless `namespace` says otherwise. */
  service: string;
  namespace: string;
  port?: number;
  weight: number;
}

export interface TrafficSplitObject extends Meta {
  kind: 'TrafficSplit';
  /** The apex service whose traffic is split. */
  service: string;
  backends: WeightedBackend[];
}

export interface HTTPRouteObject extends Meta {
  kind: 'HTTPRoute';
  /** Services this route attaches to (GAMMA: parentRefs of kind Service). */
  parents: { service: string; namespace: string; port?: number }[];
  backends: WeightedBackend[];
  timeouts: { requestMs?: number; backendRequestMs?: number };
}

export type ClusterObject = ServiceObject | EndpointSliceObject | PodObject | TrafficSplitObject | HTTPRouteObject;

export function objectKey(o: { kind: Kind; namespace: string; name: string }): string {
  return `${o.kind}/${o.namespace}/${o.name}`;
}
