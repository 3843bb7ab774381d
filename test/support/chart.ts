// Renders charts/weft with the real helm binary and parses the objects it produces.
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { helm } from './helm.ts';

export const CHART = path.resolve(import.meta.dirname, '../../charts/weft');

/** Every optional feature on. */
export const ALL_FEATURES = [
  'serviceMonitor.enabled=true',
  'podMonitor.enabled=true',
  'injector.certManager.enabled=true',
  'control.replicas=3',
  'control.antiAffinity=hard',
  'proxy.nativeSidecar=false',
];

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: unknown;
}

export function render(set: string[] = [], chart = CHART): KubeObject[] {
  const args = ['template', 'weft', chart, '--namespace', 'weft', ...set.flatMap((s) => ['--set', s])];
  const r = helm(args);
  if (r.status !== 0) throw new Error(`helm ${args.join(' ')}: ${r.stderr}`);
  return parseAllDocuments(r.stdout)
    .map((d) => d.toJS() as KubeObject | null)
    .filter((o): o is KubeObject => o !== null);
}

export function find(objects: KubeObject[], kind: string, name?: string): KubeObject {
  const found = objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (!found) throw new Error(`no ${kind} ${name ?? ''} rendered`);
  return found;
}
