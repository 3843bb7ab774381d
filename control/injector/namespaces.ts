// The webhook sees the pod, not its namespace: the namespace's weft.dev/inject
// annotation comes from the API server, cached briefly so a rollout of many pods asks
// once per namespace.
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';

export type NamespaceLookup = (namespace: string) => Promise<Record<string, string> | undefined>;

export function namespaceLookup(kc: KubeConfig, ttlMs = 10_000): NamespaceLookup {
  const api = kc.makeApiClient(CoreV1Api);
  const cache = new Map<string, { at: number; annotations: Promise<Record<string, string> | undefined> }>();
  return (name) => {
    const hit = cache.get(name);
    if (hit && Date.now() - hit.at < ttlMs) return hit.annotations;
    const annotations = api.readNamespace({ name }).then((ns) => ns.metadata?.annotations ?? {});
    cache.set(name, { at: Date.now(), annotations });
    // A failed lookup is not remembered: the next pod asks again.
    annotations.catch(() => cache.delete(name));
    return annotations;
  };
}
