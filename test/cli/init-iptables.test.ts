// `weft init-iptables` for real: two network namespaces made for the test (a pod and a
// peer joined by a veth pair); the rules are applied inside the pod's namespace and
// connections made inside them must land on the proxy's ports. No traffic leaves them.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import t from 'tap';

const ROOT = path.resolve(import.meta.dirname, '../..');
const WEFT = path.join(ROOT, 'bin/weft.js');
const PROBE = path.join(import.meta.dirname, 'netns-probe.ts');

function sh(args: string[], input?: string) {
  const r = spawnSync(args[0]!, args.slice(1), { encoding: 'utf8', input, timeout: 30_000 });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? r.error?.message ?? '' };
}

t.test('--dry-run prints the rules without touching anything', async (t) => {
  const r = sh([process.execPath, WEFT, 'init-iptables', '--dry-run', '--skip-outbound-cidrs', '169.254.169.254/32,fd00::/8', '--skip-inbound-ports', '4191,9000-9010', '--ipv6']);
  t.equal(r.status, 0);
  t.match(r.stdout, /^# iptables-restore --noflush\n\*nat\n/);
  t.match(r.stdout, /-A WEFT_OUTBOUND -m owner --uid-owner 2102 -j RETURN\n/);
  t.match(r.stdout, /-A WEFT_INBOUND -p tcp --dport 9000:9010 -j RETURN\n/);
  t.match(r.stdout, /-A WEFT_OUTBOUND -d 169\.254\.169\.254\/32 -j RETURN\n[\s\S]*# ip6tables-restore --noflush[\s\S]*-A WEFT_OUTBOUND -d fd00::\/8 -j RETURN/);
  t.notMatch(r.stdout.split('# ip6tables')[1] ?? '', /169\.254/, 'IPv4 CIDRs stay out of the IPv6 rules');
});

t.test('bad flags are clear errors', async (t) => {
  const port = sh([process.execPath, WEFT, 'init-iptables', '--dry-run', '--inbound-port', '99999']);
  t.equal(port.status, 2);
  t.match(port.stderr, /--inbound-port "99999": expected 1-65535 \[WEFT_INVALID_PORT\]/);
  const cidr = sh([process.execPath, WEFT, 'init-iptables', '--dry-run', '--skip-outbound-cidrs', '10.0.0.0/33']);
  t.match(cidr.stderr, /invalid CIDR "10\.0\.0\.0\/33".*\[WEFT_INVALID_CIDR\]/);
  const ports = sh([process.execPath, WEFT, 'init-iptables', '--dry-run', '--skip-outbound-ports', '80,http']);
  t.match(ports.stderr, /invalid port "http".*\[WEFT_INVALID_PORT_LIST\]/);
});

t.test('in a network namespace, connections land on the proxy ports', { skip: process.getuid?.() !== 0 && 'needs root for ip netns' }, async (t) => {
  const id = crypto.randomBytes(3).toString('hex');
  const pod = `weft-test-${id}-pod`;
  const peer = `weft-test-${id}-peer`;
  const children: ChildProcess[] = [];
  t.teardown(() => {
    for (const c of children) c.kill();
    sh(['ip', 'netns', 'del', pod]);
    sh(['ip', 'netns', 'del', peer]);
  });

  const setup = [
    ['ip', 'netns', 'add', pod],
    ['ip', 'netns', 'add', peer],
    ['ip', 'link', 'add', `wp${id}`, 'netns', pod, 'type', 'veth', 'peer', 'name', `wq${id}`, 'netns', peer],
    ['ip', '-n', pod, 'link', 'set', 'lo', 'up'],
    ['ip', '-n', peer, 'link', 'set', 'lo', 'up'],
    ['ip', '-n', pod, 'addr', 'add', '10.77.0.2/24', 'dev', `wp${id}`],
    ['ip', '-n', peer, 'addr', 'add', '10.77.0.1/24', 'dev', `wq${id}`],
    ['ip', '-n', peer, 'addr', 'add', '10.77.0.99/24', 'dev', `wq${id}`],
    ['ip', '-n', pod, 'addr', 'add', 'fd00:77::2/64', 'dev', `wp${id}`, 'nodad'],
    ['ip', '-n', peer, 'addr', 'add', 'fd00:77::1/64', 'dev', `wq${id}`, 'nodad'],
    ['ip', '-n', pod, 'link', 'set', `wp${id}`, 'up'],
    ['ip', '-n', peer, 'link', 'set', `wq${id}`, 'up'],
    // "Any address" from inside the pod goes towards the peer, never out of the namespaces.
    ['ip', '-n', pod, 'route', 'add', 'default', 'via', '10.77.0.1'],
    ['ip', '-n', pod, '-6', 'route', 'add', 'default', 'via', 'fd00:77::1'],
  ];
  for (const cmd of setup) {
    const r = sh(cmd);
    if (r.status !== 0) return t.fail(`${cmd.join(' ')}: ${r.stderr}`);
  }

  const apply = () => sh(['ip', 'netns', 'exec', pod, process.execPath, WEFT, 'init-iptables', '--skip-outbound-ports', '6666', '--skip-outbound-cidrs', '10.77.0.99/32', '--skip-inbound-ports', '4191', '--ipv6']);
  const first = apply();
  t.equal(first.status, 0, `rules applied: ${first.stderr}`);
  t.match(first.stderr, /IPv4 nat rules written[\s\S]*IPv6 nat rules written/);
  const again = apply();
  t.equal(again.status, 0, 'running it twice works');
  t.match(again.stderr, /IPv4 nat rules refreshed[\s\S]*IPv6 nat rules refreshed/);
  const jumps = sh(['ip', 'netns', 'exec', pod, 'iptables', '-t', 'nat', '-S']).stdout.split('\n').filter((l) => l.includes('-j WEFT_'));
  t.equal(jumps.length, 2, 'one jump from PREROUTING and one from OUTPUT, not two of each');

  const serve = async (ns: string, label: string, ports: string[]) => {
    const child = spawn('ip', ['netns', 'exec', ns, process.execPath, PROBE, 'serve', label, ...ports], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    await new Promise<void>((resolve, reject) => {
      child.stdout.once('data', () => resolve());
      child.once('exit', (code) => reject(new Error(`probe in ${ns} exited ${code}`)));
    });
  };
  await serve(pod, 'pod', ['4140', '4143', '4191']);
  await serve(peer, 'peer', ['80', '5555', '6666', '8080']);
  const connect = (ns: string, host: string, port: number, uid?: number) =>
    sh(['ip', 'netns', 'exec', ns, process.execPath, PROBE, 'connect', host, String(port), ...(uid ? [String(uid)] : [])]).stdout;

  t.equal(connect(pod, '10.1.2.3', 80), 'pod:4140', 'an outbound connection to any address lands on the outbound port');
  t.equal(connect(pod, '10.77.0.1', 5555), 'pod:4140', 'an outbound connection to the peer too');
  t.equal(connect(pod, '10.77.0.1', 5555, 2102), 'peer:5555', "the proxy's own UID goes out unredirected");
  t.equal(connect(pod, '10.77.0.1', 6666), 'peer:6666', 'a skipped outbound port goes out unredirected');
  t.equal(connect(pod, '10.77.0.99', 80), 'peer:80', 'a skipped CIDR goes out unredirected');
  t.equal(connect(peer, '10.77.0.2', 8080), 'pod:4143', 'an inbound connection lands on the inbound port');
  t.equal(connect(peer, '10.77.0.2', 4191), 'pod:4191', 'a skipped inbound port (admin) is reached directly');
  t.equal(connect(pod, 'fd00:1::3', 80), 'pod:4140', 'IPv6 outbound lands on the outbound port');
  t.equal(connect(peer, 'fd00:77::2', 8080), 'pod:4143', 'IPv6 inbound lands on the inbound port');
});
