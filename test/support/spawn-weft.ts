import type { ChildProcess } from 'node:child_process';
import type { Test } from 'tap';
import { spawnWeft as spawnProcess } from './spawn.ts';

export interface Running {
  child: ChildProcess;
  /** Every JSON log line so far. */
  readonly logs: Record<string, unknown>[];
  stderr: () => string;
  exited: Promise<number | null>;
}

/** `weft …args` as spawn.ts runs it, outside any cluster, with the log lines as a list. */
export function spawnWeft(t: Pick<Test, 'teardown'>, args: string[], env: NodeJS.ProcessEnv = {}): Running {
  const p = spawnProcess(t, args, { KUBERNETES_SERVICE_HOST: '', ...env });
  return {
    child: p.child,
    get logs() {
      return p.logs();
    },
    stderr: p.stderr,
    exited: p.exited.then((e) => e.code),
  };
}

/** Waits (at most timeoutMs, polling) for `count` log lines with this msg. */
export async function waitForLogs(r: Running, msg: string, count: number, timeoutMs = 30_000): Promise<Record<string, unknown>[]> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const hits = r.logs.filter((l) => l.msg === msg);
    if (hits.length >= count) return hits;
    if (r.child.exitCode !== null) throw new Error(`weft exited (${r.child.exitCode}) before logging "${msg}": ${r.stderr()}`);
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`fewer than ${count} "${msg}" log lines within ${timeoutMs} ms`);
}

export async function waitForLog(r: Running, msg: string, timeoutMs = 30_000): Promise<Record<string, unknown>> {
  return (await waitForLogs(r, msg, 1, timeoutMs))[0] as Record<string, unknown>;
}
