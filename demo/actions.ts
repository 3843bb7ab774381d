// What a user can do to a running demo, served on its admin address (POST /split,
// POST /kill) and sent there by `weft demo split` and `weft demo kill`.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AdminRoute } from '../lib/admin.ts';
import { MESH_FILE, meshManifests, SPLIT_FILE, splitManifest, weightsFor, type SplitWeights } from './manifests.ts';
import type { Child, Supervisor } from './supervisor.ts';
import type { Topology } from './topology.ts';

export interface DemoActions {
  topo: Topology;
  manifests: string;
  sup: Supervisor;
  sidecars: Map<string, Child>;
  apps: Map<string, Child>;
  split: SplitWeights;
  gone: Set<string>;
  event: (text: string) => void;
  onGone: () => void;
}

/** A split percentage: an integer 0–100, or a usage error text. */
export function parsePercent(text: string | null): number | string {
  const n = Number(text);
  return text !== null && /^\d{1,3}$/.test(text) && n <= 100 ? n : `"${text ?? ''}" is not a percentage (an integer 0-100)`;
}

export function splitApi(a: DemoActions, canaryPercent: number): string {
  const before = `${a.split['api-v1']}/${a.split['api-v2']}`;
  a.split = weightsFor(canaryPercent);
  writeFileSync(path.join(a.manifests, SPLIT_FILE), splitManifest(a.split));
  const text = `api split api-v1/api-v2: ${before} → ${a.split['api-v1']}/${a.split['api-v2']}`;
  a.event(text);
  return text;
}

/**
 * Kills a replica as a crash would (SIGKILL to its app and its sidecar), then, a second
 * later, removes its endpoint from the manifests as Kubernetes would once the pod is gone:
 * the table shows the failures in between, then the mesh routing around it.
 */
export function killReplica(a: DemoActions, name: string): string {
  const replica = a.topo.replicas.find((r) => r.name === name);
  if (!replica || a.gone.has(name)) return '';
  a.gone.add(name);
  for (const c of [a.apps.get(name), a.sidecars.get(name)]) {
    if (c && c.exit === undefined) {
      c.stopping = true;
      c.proc.kill('SIGKILL');
    }
  }
  a.onGone();
  setTimeout(() => writeFileSync(path.join(a.manifests, MESH_FILE), meshManifests(a.topo, a.gone)), 1_000).unref();
  const text = `killed ${name} (${replica.ip}); its endpoint leaves the manifests in 1s`;
  a.event(text);
  return text;
}

export function demoRoutes(a: DemoActions): Record<string, AdminRoute> {
  const answer = (res: Parameters<AdminRoute>[1], status: number, text: string) => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`${text}\n`);
  };
  return {
    'POST /split': (req, res) => {
      const q = new URL(req.url ?? '/', 'http://x').searchParams;
      if (q.get('service') !== 'api') return answer(res, 400, `only the api service is split in the demo (got "${q.get('service') ?? ''}")`);
      const percent = parsePercent(q.get('percent'));
      if (typeof percent === 'string') return answer(res, 400, percent);
      answer(res, 200, splitApi(a, percent));
    },
    'POST /kill': (req, res) => {
      const name = new URL(req.url ?? '/', 'http://x').searchParams.get('replica') ?? '';
      const text = killReplica(a, name);
      if (!text) {
        const alive = a.topo.replicas.filter((r) => !a.gone.has(r.name)).map((r) => r.name);
        return answer(res, 400, `no running replica "${name}"; running: ${alive.join(', ')}`);
      }
      answer(res, 200, text);
    },
  };
}
