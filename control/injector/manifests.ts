// Finds the pod templates in Kubernetes manifests (workloads, Pods, Lists) and plans one
// patch for the whole object, for `weft inject` and its fixtures.
import fastJsonPatch from 'fast-json-patch';
import { INJECT_ANNOTATION, type InjectorConfig } from './config.ts';
import { injectPod, type PatchOperation, type PodTemplate, type SkipReason } from './inject.ts';

/** Where each workload kind keeps its pod template. */
export const TEMPLATE_PATHS: Record<string, string[]> = {
  Pod: [],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

export interface ObjectReport {
  kind: string;
  name: string;
  injected: boolean;
  reason?: SkipReason | 'not-a-workload';
  warnings: string[];
}

export interface ObjectPlan {
  patch: PatchOperation[];
  reports: ObjectReport[];
}

const FORCED = { [INJECT_ANNOTATION]: 'enabled' };

interface KubeObject {
  kind?: unknown;
  metadata?: { name?: unknown; namespace?: unknown };
  items?: unknown;
}

function at(obj: unknown, path: string[]): unknown {
  return path.reduce<unknown>((o, key) => (typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[key] : undefined), obj);
}

/**
 * Plans the patch for one object. `weft inject` is an explicit request, so by default
 * objects are injected as if their namespace had opted in, unless they opt out themselves.
 */
export function planObject(obj: unknown, config: InjectorConfig, namespaceAnnotations: Record<string, string> = FORCED, basePath = ''): ObjectPlan {
  const o = (typeof obj === 'object' && obj !== null ? obj : {}) as KubeObject;
  const kind = typeof o.kind === 'string' ? o.kind : '';
  const name = typeof o.metadata?.name === 'string' ? o.metadata.name : '';
  if (Array.isArray(o.items) && kind.endsWith('List')) {
    const plans = o.items.map((item, i) => planObject(item, config, namespaceAnnotations, `${basePath}/items/${i}`));
    return { patch: plans.flatMap((p) => p.patch), reports: plans.flatMap((p) => p.reports) };
  }
  const path = TEMPLATE_PATHS[kind];
  const template = path && at(o, path);
  if (!path || typeof template !== 'object' || template === null) {
    return { patch: [], reports: [{ kind, name, injected: false, reason: 'not-a-workload', warnings: [] }] };
  }
  const result = injectPod({
    pod: template as PodTemplate,
    namespace: typeof o.metadata?.namespace === 'string' ? o.metadata.namespace : 'default',
    namespaceAnnotations,
    config,
    basePath: basePath + path.map((p) => `/${p}`).join(''),
    workload: kind === 'Pod' ? undefined : name || undefined,
  });
  const report: ObjectReport = { kind, name, injected: result.injected, warnings: result.warnings };
  if (!result.injected) report.reason = result.reason;
  return { patch: result.injected ? result.patch : [], reports: [report] };
}

/** The object with the patch applied (a copy: the input is left as it was). */
export function applyPlan(obj: unknown, plan: ObjectPlan): unknown {
  if (plan.patch.length === 0) return obj;
  return fastJsonPatch.applyPatch(obj, plan.patch, true, false).newDocument;
}
