// The demo's actions as a user runs them: change the split, kill a replica; a port in use
// stops it before anything starts; SIGTERM leaves no process and no file behind.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { parseExposition } from '../../cli/stat/exposition.ts';
import { closedPort } from '../support/metrics-server.ts';
import { demoArgs, demoPorts, startTestDemo } from '../support/demo.ts';
import { spawnWeft } from '../support/spawn.ts';
import { waitFor } from '../support/wait.ts';

/** Outbound requests web's sidecar has sent to each api backend so far. */
async function apiCounts(metricsUrl: string): Promise<{ v1: number; v2: number; failed: number }> {
  const samples = parseExposition(await (await fetch(metricsUrl)).text());
  const c = { v1: 0, v2: 0, failed: 0 };
  for (const s of samples) {
    if (s.name !== 'weft_requests_total' || s.labels.direction !== 'outbound') continue;
    if (s.labels.dst_service === 'api-v1') c.v1 += s.value;
    if (s.labels.dst_service === 'api-v2') c.v2 += s.value;
    if (s.labels.classification === 'failure') c.failed += s.value;
  }
  return c;
}

/** Processes whose command line mentions `text` (the test's unique loopback range). */
function processesWith(text: string): string[] {
  return readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').includes(text);
    } catch {
      return false;
    }
  });
}

const refused = (addr: string) =>
  new Promise<boolean>((resolve) => {
    const [host, port] = [addr.slice(0, addr.lastIndexOf(':')), Number(addr.slice(addr.lastIndexOf(':') + 1))];
    const s = net.connect(port, host);
    s.once('connect', () => (s.destroy(), resolve(false)));
    s.once('error', () => resolve(true));
  });

t.test('split, kill, then SIGTERM stops everything and removes its files', async (t) => {
  const demo = await startTestDemo(t, ['--rate', '60', '--no-prometheus', '--interval', '1s', '--duration', '150s']);
  const web = demo.state().metrics['proxy web-0']!;
  await waitFor(async () => (await apiCounts(web)).v1 > 50, 'traffic from web to api', 30_000, 200);

  const bad = demo.action(['split', 'api', '150']);
  t.equal((await bad.exited).code, 2, 'a percentage over 100 is refused');
  t.match(bad.stderr(), /not a percentage.*WEFT_DEMO_USAGE/);

  const split = demo.action(['split', 'api', '50']);
  t.equal((await split.exited).code, 0);
  t.match(split.stdout(), /90\/10 → 50\/50/);
  // The share of api-v2 over fresh windows of 300 requests moves from 10 % to 50 %.
  let share = 0;
  for (let round = 0; round < 20 && Math.abs(share - 0.5) > 0.08; round++) {
    const before = await apiCounts(web);
    const after = await waitFor(async () => {
      const now = await apiCounts(web);
      return now.v1 + now.v2 - before.v1 - before.v2 >= 300 ? now : undefined;
    }, '300 more requests to api', 30_000, 200);
    share = (after.v2 - before.v2) / (after.v1 + after.v2 - before.v1 - before.v2);
  }
  t.ok(Math.abs(share - 0.5) <= 0.08, `api-v2 gets ${(share * 100).toFixed(1)} % after the split change`);
  t.match(demo.run.stdout(), /api-v1 50 \/ api-v2 50/, 'the table header shows the new split');

  const killedAdmin = demo.state().metrics['proxy api-v1-0']!.replace(/^http:\/\/|\/metrics$/g, '');
  const kill = demo.action(['kill', 'api-v1-0']);
  t.equal((await kill.exited).code, 0);
  t.match(kill.stdout(), /killed api-v1-0/);
  await waitFor(() => refused(killedAdmin), `api-v1-0's sidecar (${killedAdmin}) to be gone`, 10_000, 100);
  const killedIp = killedAdmin.slice(0, killedAdmin.lastIndexOf(':'));
  t.ok(processesWith(`--name api-v1-1`).length > 0, 'the other replica still runs');
  t.same(processesWith(`${killedIp}:`), [], 'its app and sidecar processes are gone');
  // Once its endpoint has left the manifests, traffic to api-v1 flows without failures.
  await waitFor(async () => {
    const before = await apiCounts(web);
    await new Promise((r) => setTimeout(r, 2_000));
    const after = await apiCounts(web);
    return after.v1 > before.v1 + 20 && after.failed === before.failed;
  }, 'api-v1 served by the remaining replica without failures', 30_000, 0);
  t.pass('api-v1-0 killed, api-v1-1 serves');
  const again = demo.action(['kill', 'api-v1-0']);
  t.equal((await again.exited).code, 2);
  t.match(again.stderr(), /no running replica "api-v1-0"; running: web-0, api-v1-1/);
  t.match(demo.run.stdout(), /demo +api-v1 +100\.00%/, 'the live table lists api-v1');

  demo.run.child.kill('SIGTERM');
  const { code } = await demo.run.exited;
  t.equal(code, 0, 'exits 0 on SIGTERM');
  t.same(processesWith(demo.firstIp), [], 'no demo process is left');
  t.same(readdirSync(demo.tmp), [], 'no state file or run folder is left');
  const after = demo.action(['split', 'api', '10']);
  t.equal((await after.exited).code, 2);
  t.match(after.stderr(), /no running demo.*WEFT_DEMO_NOT_RUNNING/);
});

t.test('an address in use is named and nothing starts', async (t) => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'weft-demo-test-'));
  t.teardown(() => rmSync(tmp, { recursive: true, force: true }));
  const busy = net.createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => busy.close(() => resolve())));
  const taken = `127.0.0.1:${(busy.address() as net.AddressInfo).port}`;
  const ports = await demoPorts();
  const firstIp = `127.${20 + Math.floor(Math.random() * 200)}.251.2`;
  const run = spawnWeft(t, [...demoArgs(firstIp, ports, { control: await closedPort(), controlAdmin: taken, exporter: await closedPort(), admin: await closedPort() }), '--no-prometheus'], { TMPDIR: tmp });
  const { code } = await run.exited;
  t.equal(code, 2);
  t.match(run.stderr(), new RegExp(`${taken} \\(control plane admin \\(--control-admin-addr\\)\\): EADDRINUSE.*\\[WEFT_DEMO_PORT_IN_USE\\]`));
  t.same(readdirSync(tmp), [], 'no file left');
  t.same(processesWith(firstIp), [], 'no process started');
});
