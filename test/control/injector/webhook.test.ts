// The webhook over real HTTPS, with a self-signed certificate made for the test.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type tls from 'node:tls';
import fastJsonPatch from 'fast-json-patch';
import { Registry } from 'prom-client';
import t from 'tap';
import { DEFAULT_CONFIG } from '../../../control/injector/config.ts';
import { startInjector, type InjectorServer } from '../../../control/injector/webhook.ts';
import { createLogger } from '../../../lib/log.ts';

const REVIEWS = path.resolve(import.meta.dirname, '../../fixtures/inject/reviews');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-injector-'));
t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));

function makeCert(name: string, cn: string): { cert: string; key: string } {
  const cert = path.join(dir, `${name}.crt`);
  const key = path.join(dir, `${name}.key`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', `/CN=${cn}`, '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  return { cert, key };
}

const first = makeCert('first', 'weft-injector-first');
const live = { cert: path.join(dir, 'tls.crt'), key: path.join(dir, 'tls.key') };
fs.copyFileSync(first.cert, live.cert);
fs.copyFileSync(first.key, live.key);

const registry = new Registry();
const namespaces: Record<string, Record<string, string>> = { demo: { 'weft.dev/inject': 'enabled' }, plain: {} };
let injector: InjectorServer;

t.before(async () => {
  injector = await startInjector({
    addr: { host: '127.0.0.1', port: 0 },
    certFile: live.cert,
    keyFile: live.key,
    config: DEFAULT_CONFIG,
    registry,
    log: createLogger('injector', 'silent'),
    namespaceAnnotations: (ns) => {
      if (ns === 'broken') throw new Error('API server unreachable');
      return namespaces[ns];
    },
    certReloadMs: 20,
    maxBodyBytes: 64 * 1024,
  });
});
t.teardown(() => injector.close());

interface Answer {
  status: number;
  body: string;
  peerCN?: string;
}

function post(body: string | Buffer, opts: { method?: string; path?: string; ca?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: '127.0.0.1',
        port: injector.address.port,
        method: opts.method ?? 'POST',
        path: opts.path ?? '/inject',
        ca: fs.readFileSync(opts.ca ?? first.cert),
        headers: { 'content-type': 'application/json' },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        const cert = (res.socket as tls.TLSSocket).getPeerCertificate();
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), peerCN: cert.subject?.CN as string | undefined }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

interface Review {
  apiVersion: string;
  kind: string;
  response: { uid: string; allowed: boolean; patchType?: string; patch?: string; warnings?: string[] };
}

const podReview = fs.readFileSync(path.join(REVIEWS, 'pod.json'), 'utf8');
const withNamespace = (ns: string, annotations?: Record<string, string>) => {
  const r = JSON.parse(podReview);
  r.request.namespace = ns;
  if (annotations) r.request.object.metadata.annotations = annotations;
  return JSON.stringify(r);
};

async function count(result: string, reason: string): Promise<number> {
  const metric = await registry.getSingleMetric('weft_control_injector_reviews_total')?.get();
  return metric?.values.find((v) => v.labels.result === result && v.labels.reason === reason)?.value ?? 0;
}

t.test('a pod in an opted-in namespace gets the sidecar', async (t) => {
  const res = await post(withNamespace('demo'));
  t.equal(res.status, 200);
  const review = JSON.parse(res.body) as Review;
  t.match(review, { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: '5f1c0c1e-0000-4000-8000-000000000001', allowed: true, patchType: 'JSONPatch' } });
  const patch = JSON.parse(Buffer.from(review.response.patch ?? '', 'base64').toString());
  const pod = fastJsonPatch.applyPatch(JSON.parse(podReview).request.object, patch, true, false).newDocument;
  t.same(pod.spec.initContainers.map((c: { name: string }) => c.name), ['weft-init', 'weft-proxy']);
  t.equal(pod.metadata.annotations['weft.dev/inbound-port'], '4143');
  const env = Object.fromEntries(pod.spec.initContainers[1].env.map((e: { name: string; value?: string }) => [e.name, e.value]));
  t.equal(env.WEFT_WORKLOAD, 'web', "the Deployment's name, from the ReplicaSet that owns the pod");
  t.equal(env.WEFT_APP_ADDR, '127.0.0.1:8080');
  t.equal(await count('injected', ''), 1, 'counted as injected');
  const duration = await registry.getSingleMetric('weft_control_injector_review_duration_seconds')?.get();
  t.equal(duration?.values.find((v) => (v as { metricName?: string }).metricName === 'weft_control_injector_review_duration_seconds_count')?.value, 1, 'its answer time observed');
});

t.test('a pod in a namespace that did not opt in is allowed unchanged', async (t) => {
  const review = JSON.parse((await post(withNamespace('plain'))).body) as Review;
  t.same(review.response, { uid: '5f1c0c1e-0000-4000-8000-000000000001', allowed: true });
  t.equal(await count('skipped', 'not-enabled'), 1);
});

t.test('malformed reviews are allowed with a warning and counted', async (t) => {
  const files = fs.readdirSync(REVIEWS).filter((f) => f !== 'pod.json');
  t.equal(files.length, 5);
  for (const file of files) {
    const reason = file.replace(/\.(json|txt)$/, '');
    const res = await post(fs.readFileSync(path.join(REVIEWS, file)));
    t.equal(res.status, 200, `${reason}: answered`);
    const review = JSON.parse(res.body) as Review;
    t.equal(review.response.allowed, true, `${reason}: pod allowed`);
    t.equal(review.response.patch, undefined, `${reason}: nothing patched`);
    t.match(review.response.warnings?.[0], /^weft injector: .*pod not injected$/, `${reason}: warned`);
    t.equal(await count('malformed', reason), 1, `${reason}: counted`);
  }
  const uid = (JSON.parse((await post(fs.readFileSync(path.join(REVIEWS, 'not-a-pod.json')))).body) as Review).response.uid;
  t.equal(uid, '5f1c0c1e-0000-4000-8000-000000000004', 'the uid is echoed whenever the review has one');

  const big = JSON.stringify({ padding: 'x'.repeat(100 * 1024) });
  const review = JSON.parse((await post(big)).body) as Review;
  t.equal(review.response.allowed, true, 'an oversized review is allowed too');
  t.equal(await count('malformed', 'too-large'), 1);
});

t.test('a failed namespace lookup still honours the pod annotation, with a warning', async (t) => {
  const review = JSON.parse((await post(withNamespace('broken', { 'weft.dev/inject': 'enabled' }))).body) as Review;
  t.equal(review.response.patchType, 'JSONPatch');
  t.match(review.response.warnings?.[0], /namespace broken annotations unavailable/);
  const failures = await registry.getSingleMetric('weft_control_injector_namespace_lookup_failures_total')?.get();
  t.equal(failures?.values[0]?.value, 1);
});

t.test('only POST /inject', async (t) => {
  t.equal((await post('', { method: 'GET' })).status, 405);
  t.equal((await post('{}', { path: '/mutate' })).status, 404);
});

t.test('a rotated certificate is picked up without a restart', async (t) => {
  const second = makeCert('second', 'weft-injector-second');
  fs.copyFileSync(second.key, live.key);
  fs.copyFileSync(second.cert, live.cert);
  let cn: string | undefined;
  for (let i = 0; i < 100 && cn !== 'weft-injector-second'; i++) {
    await new Promise((r) => setTimeout(r, 20));
    cn = (await post(withNamespace('plain'), { ca: second.cert }).catch(() => ({ peerCN: undefined }))).peerCN;
  }
  t.equal(cn, 'weft-injector-second');
});

t.test('an unreadable certificate is a clear error', async (t) => {
  await t.rejects(
    startInjector({ addr: { host: '127.0.0.1', port: 0 }, certFile: path.join(dir, 'missing.crt'), keyFile: live.key, config: DEFAULT_CONFIG, registry: new Registry(), log: createLogger('injector', 'silent') }),
    { code: 'WEFT_INJECTOR_TLS' },
  );
  fs.writeFileSync(path.join(dir, 'garbage.key'), 'not a key');
  await t.rejects(
    startInjector({ addr: { host: '127.0.0.1', port: 0 }, certFile: live.cert, keyFile: path.join(dir, 'garbage.key'), config: DEFAULT_CONFIG, registry: new Registry(), log: createLogger('injector', 'silent') }),
    { code: 'WEFT_INJECTOR_TLS' },
  );
});
