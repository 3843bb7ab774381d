// Fixture pairs: test/fixtures/inject/<case>/input.yaml (+ namespace.yaml) in,
// patch.json and output.yaml out. Regenerate with WEFT_UPDATE_FIXTURES=1.
import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { DEFAULT_CONFIG } from '../../../control/injector/config.ts';
import { injectPod, type PodTemplate } from '../../../control/injector/inject.ts';
import { applyPlan, planObject } from '../../../control/injector/manifests.ts';
import { validateObject } from '../../support/kube-schema.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/inject');
const UPDATE = process.env.WEFT_UPDATE_FIXTURES === '1';

interface Kube {
  apiVersion?: unknown;
  kind?: unknown;
  items?: Kube[];
}

function readDocs(file: string): Kube[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map((d) => d.toJS() as Kube)
    .filter(Boolean);
}

function run(dir: string) {
  const docs = readDocs(path.join(dir, 'input.yaml'));
  const nsFile = path.join(dir, 'namespace.yaml');
  const ns = fs.existsSync(nsFile) ? (parse(fs.readFileSync(nsFile, 'utf8')) as { metadata: { annotations?: Record<string, string> } }) : undefined;
  const plans = docs.map((d) => (ns ? planObject(d, DEFAULT_CONFIG, ns.metadata.annotations ?? {}) : planObject(d, DEFAULT_CONFIG)));
  const outputs = docs.map((d, i) => applyPlan(d, plans[i]!) as Kube);
  return { docs, ns, plans, outputs };
}

const cases = fs.readdirSync(FIXTURES).filter((c) => fs.existsSync(path.join(FIXTURES, c, 'input.yaml')));

t.test('fixture pairs', async (t) => {
  t.ok(cases.length >= 15, 'the fixture cases are there');
  for (const name of cases) {
    await t.test(name, async (t) => {
      const dir = path.join(FIXTURES, name);
      const { ns, plans, outputs } = run(dir);
      const patchText = `${JSON.stringify(plans, null, 2)}\n`;
      const outputText = outputs.map((o) => stringify(o)).join('---\n');
      if (UPDATE) {
        fs.writeFileSync(path.join(dir, 'patch.json'), patchText);
        fs.writeFileSync(path.join(dir, 'output.yaml'), outputText);
      }
      t.same(plans, JSON.parse(fs.readFileSync(path.join(dir, 'patch.json'), 'utf8')), 'patch as expected');
      t.same(outputs, readDocs(path.join(dir, 'output.yaml')), 'injected manifest as expected');

      for (const obj of outputs.flatMap((o) => (Array.isArray(o.items) ? o.items : [o]))) {
        t.ok(await validateObject(obj), `${String(obj.kind)} is valid against the Kubernetes schema`);
      }
      // Injecting twice changes nothing.
      const again = outputs.map((o) => (ns ? planObject(o, DEFAULT_CONFIG, ns.metadata.annotations ?? {}) : planObject(o, DEFAULT_CONFIG)));
      t.same(again.flatMap((p) => p.patch), [], 'a second injection adds nothing');
    });
  }
});

const pod = (annotations?: Record<string, string>, extra: object = {}): PodTemplate =>
  ({ metadata: { name: 'p', annotations }, spec: { containers: [{ name: 'app', image: 'app', ports: [{ containerPort: 3000 }] }], ...extra } }) as PodTemplate;

t.test('opt-in and opt-out rules', async (t) => {
  const inject = (p: PodTemplate, nsAnnotations?: Record<string, string>, namespace = 'demo') =>
    injectPod({ pod: p, namespace, namespaceAnnotations: nsAnnotations, config: DEFAULT_CONFIG });
  const reason = (r: ReturnType<typeof inject>) => (r.injected ? 'injected' : r.reason);
  t.equal(reason(inject(pod())), 'not-enabled', 'no annotation anywhere: left alone');
  t.equal(reason(inject(pod({ 'weft.dev/inject': 'enabled' }))), 'injected', 'pod opts in');
  t.equal(reason(inject(pod(), { 'weft.dev/inject': 'enabled' })), 'injected', 'namespace opts in');
  t.equal(reason(inject(pod({ 'weft.dev/inject': 'disabled' }), { 'weft.dev/inject': 'enabled' })), 'disabled', 'pod opt-out wins');
  t.equal(reason(inject(pod({ 'weft.dev/inject': 'enabled' }), { 'weft.dev/inject': 'disabled' })), 'disabled', 'namespace opt-out wins');
  t.equal(reason(inject(pod({ 'weft.dev/inject': 'enabled' }), {}, 'kube-system')), 'kube-system');
  t.equal(reason(inject(pod({ 'weft.dev/inject': 'enabled' }, { hostNetwork: true }))), 'host-network');
});

t.test('the injected pod', async (t) => {
  const p = pod({ 'weft.dev/inject': 'enabled' });
  const result = injectPod({ pod: p, namespace: 'demo', config: DEFAULT_CONFIG });
  t.ok(result.injected);
  const out = applyPlan({ apiVersion: 'v1', kind: 'Pod', ...p }, { patch: result.injected ? result.patch : [], reports: [] }) as {
    metadata: { annotations: Record<string, string> };
    spec: { initContainers: { name: string; restartPolicy?: string; env?: { name: string; value?: string }[] }[] };
  };
  t.same(out.spec.initContainers.map((c) => c.name), ['weft-init', 'weft-proxy'], 'iptables first, then the proxy');
  t.equal(out.spec.initContainers[1]?.restartPolicy, 'Always', 'the proxy is a native sidecar');
  t.equal(out.metadata.annotations['weft.dev/inbound-port'], '4143', 'control learns the inbound port');
  t.equal(out.spec.initContainers[1]?.env?.find((e) => e.name === 'WEFT_APP_ADDR')?.value, '127.0.0.1:3000', "inbound goes on to the app's port");

  const regular = injectPod({ pod: p, namespace: 'demo', config: { ...DEFAULT_CONFIG, nativeSidecar: false } });
  t.same(
    regular.injected && regular.patch.map((op) => op.path),
    ['/spec/initContainers', '/spec/containers/-', '/spec/volumes', '/metadata/annotations/prometheus.io~1scrape', '/metadata/annotations/prometheus.io~1port', '/metadata/annotations/prometheus.io~1path', '/metadata/annotations/weft.dev~1inbound-port', '/metadata/labels'],
    'before Kubernetes 1.29: the proxy is a regular container',
  );
});
