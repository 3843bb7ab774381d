// The resource kinds weft reads from the Kubernetes API: where each is listed and watched,
// and how a page of it is listed through the client library's generated APIs.
import { CoreV1Api, CustomObjectsApi, DiscoveryV1Api, type KubeConfig } from '@kubernetes/client-node';
// The generated models are classes (Dates, renamed fields); the serializer turns them back
// into the API's JSON, which is what normalize() and the watch stream speak.
import { ObjectSerializer } from '@kubernetes/client-node/dist/gen/models/ObjectSerializer.js';
import type { Kind } from '../model/objects.ts';

export interface RawListPage {
  resourceVersion: string;
  continue?: string;
  items: Record<string, unknown>[];
}

export interface KindSpec {
  kind: Kind;
  group: string;
  version: string;
  plural: string;
  /** A custom resource: its CRD may be absent or not granted, which must not block readiness. */
  optional: boolean;
  /** Lists one page; namespace undefined means all namespaces. */
  list(namespace: string | undefined, limit: number, cont: string | undefined): Promise<RawListPage>;
}

export function apiVersionOf(spec: KindSpec): string {
  return spec.group ? `${spec.group}/${spec.version}` : spec.version;
}

/** The watch path of a kind: /api/v1/[namespaces/NS/]services, /apis/G/V/[namespaces/NS/]plural. */
export function pathOf(spec: KindSpec, namespace: string | undefined): string {
  const base = spec.group ? `/apis/${spec.group}/${spec.version}` : `/api/${spec.version}`;
  return namespace ? `${base}/namespaces/${encodeURIComponent(namespace)}/${spec.plural}` : `${base}/${spec.plural}`;
}

interface TypedList {
  metadata?: { resourceVersion?: string; _continue?: string };
  items: unknown[];
}

function typedPage(list: TypedList, model: string): RawListPage {
  return {
    resourceVersion: list.metadata?.resourceVersion ?? '',
    ...(list.metadata?._continue ? { continue: list.metadata._continue } : {}),
    items: list.items.map((item) => ObjectSerializer.serialize(item, model, '') as Record<string, unknown>),
  };
}

interface RawList {
  metadata?: { resourceVersion?: string; continue?: string };
  items?: Record<string, unknown>[];
}

function rawPage(list: RawList): RawListPage {
  return {
    resourceVersion: list.metadata?.resourceVersion ?? '',
    ...(list.metadata?.continue ? { continue: list.metadata.continue } : {}),
    items: list.items ?? [],
  };
}

export function kindSpecs(kc: KubeConfig): KindSpec[] {
  const core = kc.makeApiClient(CoreV1Api);
  const discovery = kc.makeApiClient(DiscoveryV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const page = (limit: number, cont: string | undefined): { limit: number; _continue?: string } => ({ limit, ...(cont ? { _continue: cont } : {}) });
  const customKind = (kind: Kind, group: string, version: string, plural: string): KindSpec => ({
    kind,
    group,
    version,
    plural,
    optional: true,
    list: async (namespace, limit, cont) =>
      rawPage(
        (namespace
          ? await custom.listNamespacedCustomObject({ group, version, plural, namespace, ...page(limit, cont) })
          : await custom.listClusterCustomObject({ group, version, plural, ...page(limit, cont) })) as RawList,
      ),
  });
  return [
    {
      kind: 'Service',
      group: '',
      version: 'v1',
      plural: 'services',
      optional: false,
      list: async (namespace, limit, cont) =>
        typedPage(
          namespace
            ? await core.listNamespacedService({ namespace, ...page(limit, cont) })
            : await core.listServiceForAllNamespaces(page(limit, cont)),
          'V1Service',
        ),
    },
    {
      kind: 'EndpointSlice',
      group: 'discovery.k8s.io',
      version: 'v1',
      plural: 'endpointslices',
      optional: false,
      list: async (namespace, limit, cont) =>
        typedPage(
          namespace
            ? await discovery.listNamespacedEndpointSlice({ namespace, ...page(limit, cont) })
            : await discovery.listEndpointSliceForAllNamespaces(page(limit, cont)),
          'V1EndpointSlice',
        ),
    },
    {
      kind: 'Pod',
      group: '',
      version: 'v1',
      plural: 'pods',
      optional: false,
      list: async (namespace, limit, cont) =>
        typedPage(
          namespace ? await core.listNamespacedPod({ namespace, ...page(limit, cont) }) : await core.listPodForAllNamespaces(page(limit, cont)),
          'V1Pod',
        ),
    },
    customKind('TrafficSplit', 'split.smi-spec.io', 'v1alpha2', 'trafficsplits'),
    customKind('HTTPRoute', 'gateway.networking.k8s.io', 'v1', 'httproutes'),
  ];
}
