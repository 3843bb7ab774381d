import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Test } from 'tap';

// Benchmarks point WEFT_ENTRY at the compiled build (bench/entry.ts).
export const WEFT_BIN = process.env.WEFT_ENTRY ?? fileURLToPath(new URL('../../bin/weft.js', import.meta.url));

export interface Spawned {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  /** JSON log lines seen so far. */
  logs: () => Record<string, unknown>[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs `weft <args>` under this Node.js; killed at teardown if still running. */
export function spawnWeft(t: Pick<Test, 'teardown'>, args: string[], env: NodeJS.ProcessEnv = {}): Spawned {
  const child = spawn(process.execPath, [WEFT_BIN, ...args], { env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    // Complete lines only (the last may still be arriving); anything not JSON is not a log line.
    logs: () =>
      out
        .split('\n')
        .slice(0, -1)
        .flatMap((l) => {
          try {
            return l.startsWith('{') ? [JSON.parse(l) as Record<string, unknown>] : [];
          } catch {
            return [];
          }
        }),
    exited,
  };
}
