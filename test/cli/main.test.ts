import t from 'tap';
import { envName, parseDurationMs } from '../../cli/options.ts';
import { parseAddr } from '../../lib/addr.ts';
import { program } from '../../cli/main.ts';
import { spawnWeft } from '../support/spawn.ts';

t.test('help lists every command and documents flags with their environment variables', async (t) => {
  const p = spawnWeft(t, ['--help']);
  t.equal((await p.exited).code, 0);
  for (const cmd of ['control', 'proxy', 'exporter', 'inject', 'init-iptables', 'demo', 'stat']) t.match(p.stdout(), new RegExp(`\\n\\s+${cmd}\\b`), `lists ${cmd}`);
  const c = spawnWeft(t, ['control', '--help']);
  t.equal((await c.exited).code, 0);
  const text = c.stdout().replace(/\s+/g, ' ');
  t.match(text, /--grpc-addr <host:port> address of the Destination gRPC service \(default: "0\.0\.0\.0:8086", env: WEFT_GRPC_ADDR\)/);
});

t.test("a command builds only itself (its process loads no other command's dependencies); help and unknown names build all", async (t) => {
  t.same((await program('exporter')).commands.map((c) => c.name()), ['exporter']);
  const all = ['control', 'proxy', 'exporter', 'inject', 'init-iptables', 'demo', 'stat', 'await'];
  t.same((await program()).commands.map((c) => c.name()), all);
  t.same((await program('help')).commands.map((c) => c.name()), all);
  t.same((await program('toString')).commands.map((c) => c.name()), all, 'not fooled by object properties');
});

t.test('an unknown command fails and says so', async (t) => {
  const p = spawnWeft(t, ['mesh-everything']);
  const { code } = await p.exited;
  t.not(code, 0);
  t.match(p.stderr(), /unknown command 'mesh-everything'/);
});

t.test('flag environment names', async (t) => {
  t.equal(envName('--grpc-addr <a>'), 'WEFT_GRPC_ADDR');
  t.equal(envName('--path.procfs <dir>'), 'WEFT_PATH_PROCFS');
  t.equal(envName('--no-collector.cpu'), 'WEFT_COLLECTOR_CPU');
});

t.test('durations and addresses', async (t) => {
  t.equal(parseDurationMs('250ms'), 250);
  t.equal(parseDurationMs('10s'), 10_000);
  t.equal(parseDurationMs('15'), 15);
  t.throws(() => parseDurationMs('soon'), /invalid duration/);
  t.same(parseAddr('127.0.0.1:80'), { host: '127.0.0.1', port: 80 });
  t.same(parseAddr(':9100'), { host: '0.0.0.0', port: 9100 });
  t.same(parseAddr('[::1]:4191'), { host: '::1', port: 4191 });
  t.throws(() => parseAddr('localhost'), { code: 'WEFT_INVALID_ADDRESS' });
  t.throws(() => parseAddr('h:99999'), { code: 'WEFT_INVALID_ADDRESS' });
});
