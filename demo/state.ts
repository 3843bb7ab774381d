// Where a running demo can be found by `weft demo split` and `weft demo kill`: a state
// file in a well-known place ($TMPDIR/weft-demo/state.json) naming its admin address.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { request, type Dispatcher } from 'undici';
import { DemoNotRunningError, DemoUsageError } from './errors.ts';

export interface DemoState {
  pid: number;
  /** The demo's own admin address (http://host:port): /metrics, /ready, POST /split, POST /kill. */
  admin: string;
  /** The temporary folder of this run: manifests, configs, logs. */
  dir: string;
  prometheus?: string;
  /** Every /metrics URL of the demo, by component. */
  metrics: Record<string, string>;
}

export function statePath(): string {
  return path.join(os.tmpdir(), 'weft-demo', 'state.json');
}

export function writeState(state: DemoState): void {
  mkdirSync(path.dirname(statePath()), { recursive: true });
  writeFileSync(statePath(), `${JSON.stringify(state, null, 2)}\n`);
}

/** Removes the state file if it is still ours (a second demo may have replaced it). */
export function removeState(pid: number): void {
  try {
    if ((JSON.parse(readFileSync(statePath(), 'utf8')) as DemoState).pid !== pid) return;
  } catch {
    return;
  }
  rmSync(path.dirname(statePath()), { recursive: true, force: true });
}

export function readState(): DemoState {
  try {
    return JSON.parse(readFileSync(statePath(), 'utf8')) as DemoState;
  } catch (err) {
    throw new DemoNotRunningError(`no running demo: cannot read ${statePath()} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); start one with weft demo`);
  }
}

/** Sends an action to the running demo's admin address; answers its reply text. */
export async function sendAction(route: string, params: Record<string, string>): Promise<string> {
  const state = readState();
  const url = new URL(route, state.admin);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  // undici's request, not fetch: fetch refuses the ports of the WHATWG "bad ports" list.
  let res: Dispatcher.ResponseData;
  try {
    res = await request(url, { method: 'POST', signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    throw new DemoNotRunningError(`the demo in ${statePath()} (pid ${state.pid}) does not answer at ${state.admin}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new DemoUsageError(text.trim());
  return text;
}
