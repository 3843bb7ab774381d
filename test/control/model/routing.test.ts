// Table-driven: each test/fixtures/k8s/<case>.yaml holds manifests, and <case>.expected.json
// the routing state (or the reason there is none) of each authority listed in it.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { parseAuthority } from '../../../control/model/authority.ts';
import { protocolOf, resolve } from '../../../control/model/routing.ts';
import { FIXTURES, UPDATE_GOLDEN, readJson, storeFromManifest, writeJson } from '../../support/fixtures.ts';

const dir = path.join(FIXTURES, 'k8s');
const cases = readdirSync(dir).filter((f) => f.endsWith('.yaml'));

for (const file of cases) {
  t.test(file, async (t) => {
    const store = storeFromManifest(path.join(dir, file));
    const expectedFile = path.join(dir, file.replace(/\.yaml$/, '.expected.json'));
    const expected = readJson<Record<string, unknown>>(expectedFile);
    const actual: Record<string, unknown> = {};
    for (const authority of Object.keys(expected)) {
      const target = parseAuthority(authority, 'cluster.local');
      t.ok(target, `${authority} parses`);
      const r = resolve(store, target!);
      actual[authority] = r.route ? { route: r.route, problems: r.problems } : { reason: r.reason, problems: r.problems };
    }
    if (UPDATE_GOLDEN) writeJson(expectedFile, actual);
    t.same(actual, expected);
  });
}

t.test('authorities', async (t) => {
  t.same(parseAuthority('web.demo.svc.cluster.local:80', 'cluster.local'), { by: 'name', name: 'web', namespace: 'demo', port: 80 });
  t.same(parseAuthority('WEB.demo.svc.cluster.local.:8080', 'cluster.local'), { by: 'name', name: 'web', namespace: 'demo', port: 8080 });
  t.same(parseAuthority('10.96.0.1:443', 'cluster.local'), { by: 'ip', ip: '10.96.0.1', port: 443 });
  t.same(parseAuthority('[fd00::1]:443', 'cluster.local'), { by: 'ip', ip: 'fd00::1', port: 443 });
  t.same(parseAuthority('web.demo.svc.example.org:80', 'example.org'), { by: 'name', name: 'web', namespace: 'demo', port: 80 });
  for (const bad of ['web:80', 'web.demo.svc.cluster.local', 'web.demo.svc.cluster.local:0', 'a.b.c.svc.cluster.local:80', 'web.demo.svc.other.org:80', '[web]:80', '']) {
    t.equal(parseAuthority(bad, 'cluster.local'), undefined, `rejects "${bad}"`);
  }
});

t.test('protocol hints', async (t) => {
  const p = (name: string, appProtocol?: string, protocol = 'TCP') => protocolOf({ name, protocol, ...(appProtocol ? { appProtocol } : {}) });
  t.equal(p('http'), 'http1');
  t.equal(p('http-web'), 'http1');
  t.equal(p('grpc'), 'http2');
  t.equal(p('web', 'kubernetes.io/h2c'), 'http2');
  t.equal(p('grpc', 'http'), 'http1', 'appProtocol wins over the name');
  t.equal(p('tcp-db'), 'opaque');
  t.equal(p('dns', undefined, 'UDP'), 'opaque');
  t.equal(p('web'), 'unspecified');
});
