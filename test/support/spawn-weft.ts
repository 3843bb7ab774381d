import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Test } from 'tap';

// Benchmarks point WEFT_ENTRY at the compiled build (bench/entry.ts).
const BIN = process.env.WEFT_ENTRY ?? fileURLToPath(new URL('../../bin/weft.js', import.meta.url));

export interface Running {
  child: ChildProcess;
  /** Every JSON log line so far. */
  logs: Record<string, unknown>[];
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Runs `weft …args` with this Node.js, collects its JSON log lines, and kills it at teardown. */
export function spawnWeft(t: Test, args: string[], env: NodeJS.ProcessEnv = {}): Running {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, KUBERNETES_SERVICE_HOST: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: Record<string, unknown>[] = [];
  let err = '';
  let buf = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    buf += d;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      try {
        logs.push(JSON.parse(line));
      } catch {
        // not a log line
      }
    }
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return { child, logs, stderr: () => err, exited };
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
