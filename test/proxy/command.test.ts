import { spawn } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { request } from 'undici';
import { parseTcpMap } from '../../proxy/command.ts';
import { ep, snapshot, startFakeDestination } from '../support/fake-destination.ts';
import { namedServer } from '../support/servers.ts';

const BIN = fileURLToPath(new URL('../../bin/weft.js', import.meta.url));
const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });

t.test('--tcp-map entries parse, and bad ones fail with a stable code', async (t) => {
  t.same([...parseTcpMap(['5432=db.data:5432', '6379=cache:6379,7000=x'])], [
    [5432, 'db.data:5432'],
    [6379, 'cache:6379'],
    [7000, 'x'],
  ]);
  t.throws(() => parseTcpMap(['nope']), { code: 'WEFT_PROXY_INVALID_TCP_MAP' });
  t.throws(() => parseTcpMap(['70000=x:1']), { code: 'WEFT_PROXY_INVALID_FLAG' });
});

t.test('weft proxy: serves, reports ready, logs JSON, exits 0 on SIGTERM after in-flight requests', async (t) => {
  const slow = await namedServer('slow', '127.0.0.1', 300);
  const fake = await startFakeDestination();
  fake.set('slow.demo.svc.cluster.local:80', snapshot('slow', 'demo', 80, [{ name: 'slow', endpoints: [ep('127.0.0.1', slow.port)] }]));
  const [out, inb, admin] = [await freePort(), await freePort(), await freePort()];
  const child = spawn(process.execPath, [BIN, 'proxy', '--control', fake.addr, '--namespace', 'demo', '--outbound-addr', `127.0.0.1:${out}`, '--inbound-addr', `127.0.0.1:${inb}`, '--admin-addr', `127.0.0.1:${admin}`, '--drain-timeout', '2s'], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(async () => {
    child.kill('SIGKILL');
    await fake.close();
    await slow.close();
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const until = Date.now() + 15_000;
  let ready = 0;
  while (Date.now() < until) {
    ready = await request(`http://127.0.0.1:${admin}/ready`).then(async (r) => (await r.body.dump(), r.statusCode), () => 0);
    if (ready === 200) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  t.equal(ready, 200, '/ready once control answered');
  const inflight = request(`http://127.0.0.1:${out}/`, { headers: { host: 'slow' } });
  await new Promise((r) => setTimeout(r, 100));
  child.kill('SIGTERM');
  const r = await inflight;
  t.equal(await r.body.text(), 'slow', 'the in-flight request finished');
  t.equal(await exited, 0, 'exit code 0');
  const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
  const listening = lines.find((l) => l.msg === 'proxy listening');
  t.equal(listening?.component, 'proxy', 'JSON logs');
  t.equal(listening?.maglev, false, 'the start-up log says V8 runs without Maglev (cli/runtime-flags.ts)');
  t.equal(listening?.memorySaver, true, 'and with its heap in memory-saver mode');
  t.equal(listening?.flushBytecode, false, 'and without bytecode flushing');
  t.equal(listening?.earlyMarking, true, 'and with incremental marking started early');
  t.equal(listening?.memoryReducer, false, "and without the memory reducer's collections");
  t.notMatch(stderr, /unrecognized flag|illegal value for flag/, 'V8 took every flag weft set (it prints one of these for a flag it does not, and goes on)');
});

t.test('POST /shutdown stops the proxy, from loopback', async (t) => {
  const fake = await startFakeDestination();
  const admin = await freePort();
  const child = spawn(process.execPath, [BIN, 'proxy', '--control', fake.addr, '--outbound-addr', '127.0.0.1:0', '--inbound-addr', '127.0.0.1:0', '--admin-addr', `127.0.0.1:${admin}`, '--log-level', 'error'], { stdio: 'ignore' });
  t.teardown(async () => {
    child.kill('SIGKILL');
    await fake.close();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const until = Date.now() + 15_000;
  let status = 0;
  while (Date.now() < until && status !== 202) {
    status = await request(`http://127.0.0.1:${admin}/shutdown`, { method: 'POST' }).then(async (r) => (await r.body.dump(), r.statusCode), () => 0);
    if (status !== 202) await new Promise((r) => setTimeout(r, 100));
  }
  t.equal(status, 202);
  t.equal(await exited, 0);
});

t.test('a bad flag exits 2 with the error code', async (t) => {
  const child = spawn(process.execPath, [BIN, 'proxy', '--tcp-map', 'garbage'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  t.equal(code, 2);
  t.match(stderr, /WEFT_PROXY_INVALID_TCP_MAP/);
});

t.test('a sampling ratio outside 0-1 exits 2 with the error code', async (t) => {
  const child = spawn(process.execPath, [BIN, 'proxy', '--otlp-endpoint', 'http://127.0.0.1:4318', '--trace-sampling', '2'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  t.equal(code, 2);
  t.match(stderr, /--trace-sampling.*WEFT_PROXY_INVALID_FLAG/);
});
