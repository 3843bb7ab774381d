import t from 'tap';
import { parseAuthority, requestTarget } from '../../../proxy/outbound/target.ts';

const ctx = { namespace: 'demo', clusterDomain: 'cluster.local' };

t.test('short names are completed with the namespace and cluster domain', async (t) => {
  t.equal(parseAuthority('web', ctx)?.authority, 'web.demo.svc.cluster.local:80');
  t.equal(parseAuthority('web:8080', ctx)?.authority, 'web.demo.svc.cluster.local:8080');
  t.equal(parseAuthority('web.other', ctx)?.authority, 'web.other.svc.cluster.local:80');
  t.equal(parseAuthority('web.other.svc', ctx)?.authority, 'web.other.svc.cluster.local:80');
  t.equal(parseAuthority('Web.Demo.svc.cluster.local.', ctx)?.authority, 'web.demo.svc.cluster.local:80');
  t.equal(parseAuthority('10.96.0.10:80', ctx)?.authority, '10.96.0.10:80', 'a cluster IP stays an IP');
  t.equal(parseAuthority('[::1]:81', ctx)?.authority, '[::1]:81');
  t.equal(parseAuthority('bad host', ctx), undefined);
  t.equal(parseAuthority('web:99999', ctx), undefined);
});

t.test('origin-form with Host, or absolute-form', async (t) => {
  t.same(requestTarget('/a?b', 'web', ctx), { target: { authority: 'web.demo.svc.cluster.local:80', host: 'web.demo.svc.cluster.local', port: 80 }, path: '/a?b' });
  t.equal(requestTarget('http://api.demo:81/x?y', undefined, ctx)?.path, '/x?y');
  t.equal(requestTarget('http://api.demo:81/x?y', undefined, ctx)?.target.authority, 'api.demo.svc.cluster.local:81');
  t.equal(requestTarget('/a', undefined, ctx), undefined, 'no Host: no destination');
  t.equal(requestTarget('ftp://x/', undefined, ctx), undefined);
});
