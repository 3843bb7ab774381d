// Runs `weft demo` for a test: its own TMPDIR (state file and run folder), free ports,
// a random loopback range for its replicas; killed at teardown if still running.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Test } from 'tap';
import type { DemoState } from '../../demo/state.ts';
import { closedPort } from './metrics-server.ts';
import { spawnWeft, type Spawned } from './spawn.ts';
import { waitFor } from './wait.ts';

export interface TestDemo {
  run: Spawned;
  tmp: string;
  firstIp: string;
  ports: Record<'app' | 'inbound' | 'outbound' | 'admin' | 'tcp', number>;
  /** The running demo's state file, once written. */
  state: () => DemoState;
  /** `weft demo <args>` against this demo (same TMPDIR). */
  action: (args: string[]) => Spawned;
}

const portOf = async () => Number((await closedPort()).split(':')[1]);

export async function demoPorts(): Promise<TestDemo['ports']> {
  return { app: await portOf(), inbound: await portOf(), outbound: await portOf(), admin: await portOf(), tcp: await portOf() };
}

export function demoArgs(firstIp: string, ports: TestDemo['ports'], addrs: { control: string; controlAdmin: string; exporter: string; admin: string }): string[] {
  return [
    'demo',
    '--first-address', firstIp,
    '--app-port', String(ports.app), '--inbound-port', String(ports.inbound), '--outbound-port', String(ports.outbound), '--proxy-admin-port', String(ports.admin), '--tcp-port', String(ports.tcp),
    '--control-addr', addrs.control, '--control-admin-addr', addrs.controlAdmin, '--exporter-addr', addrs.exporter, '--admin-addr', addrs.admin,
  ];
}

export async function startTestDemo(t: Test, extra: string[]): Promise<TestDemo> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'weft-demo-test-'));
  // A loopback range no other test uses (127.<20-219>.<1-250>.2…).
  const firstIp = `127.${20 + Math.floor(Math.random() * 200)}.${1 + Math.floor(Math.random() * 250)}.2`;
  const ports = await demoPorts();
  const addrs = { control: await closedPort(), controlAdmin: await closedPort(), exporter: await closedPort(), admin: await closedPort() };
  const env = { TMPDIR: tmp };
  const run = spawnWeft(t, [...demoArgs(firstIp, ports, addrs), ...extra], env);
  t.teardown(async () => {
    if (run.child.exitCode === null && run.child.signalCode === null) {
      run.child.kill('SIGTERM');
      const timer = setTimeout(() => run.child.kill('SIGKILL'), 15_000);
      await run.exited;
      clearTimeout(timer);
    }
    rmSync(tmp, { recursive: true, force: true });
  });
  const stateFile = path.join(tmp, 'weft-demo', 'state.json');
  const state = () => JSON.parse(readFileSync(stateFile, 'utf8')) as DemoState;
  await waitFor(() => run.child.exitCode === null ? state() : Promise.reject(new Error(`demo exited: ${run.stderr()}`)), `the demo to start (${stateFile})`, 90_000, 250).catch((err: unknown) => {
    throw new Error(`${(err as Error).message}\nstdout: ${run.stdout().slice(-2000)}\nstderr: ${run.stderr().slice(-2000)}`);
  });
  return { run, tmp, firstIp, ports, state, action: (args) => spawnWeft(t, ['demo', ...args], env) };
}
