// Validates Kubernetes objects against the published OpenAPI schemas (kubernetes-models
// and its CRD companions), the closest thing to an API server's validation without one.

const PACKAGES: Record<string, string> = {
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator',
  'cert-manager.io': '@kubernetes-models/cert-manager',
};

interface Model {
  validate(): void;
}
type ModelClass = new (data: unknown) => Model;

/** The schema module path for an apiVersion: "apps/v1" → kubernetes-models/apps/v1. */
function modulePath(apiVersion: string): string {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const pkg = (group && PACKAGES[group]) || 'kubernetes-models';
  return group ? `${pkg}/${group}/${version}` : `${pkg}/${version}`;
}

/** Throws when `obj` breaks its kind's schema; returns false when no schema is known for it. */
export async function validateObject(obj: { apiVersion?: unknown; kind?: unknown }): Promise<boolean> {
  if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') throw new Error('object without apiVersion/kind');
  let mod: Record<string, unknown>;
  try {
    mod = (await import(modulePath(obj.apiVersion))) as Record<string, unknown>;
  } catch {
    return false;
  }
  const Model = mod[obj.kind] as ModelClass | undefined;
  if (!Model) return false;
  new Model(obj).validate();
  return true;
}
