import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Test } from 'tap';
import { startControl, type Control } from '../../control/run.ts';
import { ManifestsSource } from '../../control/source/manifests.ts';
import { createLogger } from '../../lib/log.ts';
import { formatAddr } from '../../lib/addr.ts';

export function tempDir(t: Test, prefix = 'weft-test-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A control plane on loopback port 0, fed by a manifests folder; closed at teardown. */
export async function startTestControl(t: Test, dir: string, extra: { maxQueue?: number; batchWindowMs?: number } = {}): Promise<Control & { grpcTarget: string }> {
  const log = createLogger('control', process.env.WEFT_TEST_LOG ?? 'silent');
  const control = await startControl({
    sources: [new ManifestsSource({ dir, log, pollMs: 200, debounceMs: 20 })],
    grpcAddr: { host: '127.0.0.1', port: 0 },
    adminAddr: { host: '127.0.0.1', port: 0 },
    clusterDomain: 'cluster.local',
    batchWindowMs: extra.batchWindowMs ?? 10,
    maxQueue: extra.maxQueue ?? 256,
    log,
  });
  t.teardown(() => control.close());
  return Object.assign(control, { grpcTarget: formatAddr(control.grpc.address) });
}
