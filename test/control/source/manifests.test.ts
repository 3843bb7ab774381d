import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { parseManifest } from '../../../control/source/manifests.ts';
import type { ClusterObject } from '../../../control/model/objects.ts';
import { FIXTURES } from '../../support/fixtures.ts';
import { startTestControl, tempDir } from '../../support/control.ts';
import { waitFor } from '../../support/wait.ts';

const svc = (name: string, ns = 'demo') => `apiVersion: v1\nkind: Service\nmetadata: { name: ${name}, namespace: ${ns} }\nspec: { ports: [{ port: 80 }] }\n`;

t.test('parseManifest: multi-document, Lists, JSON, other kinds skipped', async (t) => {
  const yaml = `${svc('a')}---\n${svc('b')}---\napiVersion: apps/v1\nkind: Deployment\nmetadata: { name: d }\n---\n`;
  t.same(parseManifest(yaml, 'x.yaml').objects.map((o) => o.name), ['a', 'b']);
  const list = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'c' }, spec: {} }] });
  const parsed = parseManifest(list, 'x.json');
  t.same(parsed.objects.map((o) => [o.kind, o.namespace, o.name]), [['Service', 'default', 'c']]);
});

t.test('parseManifest: problems name file, document and field', async (t) => {
  const bad = `${svc('a')}---\napiVersion: split.smi-spec.io/v1alpha2\nkind: TrafficSplit\nmetadata: { name: s, namespace: demo }\nspec: { service: a, backends: [{ service: b, weight: -5 }] }\n`;
  const parsed = parseManifest(bad, 'split.yaml');
  t.same(parsed.objects.map((o) => o.name), ['a'], 'the valid object is kept');
  t.equal(parsed.problems.length, 1);
  t.match(parsed.problems[0], { document: 1, error: { code: 'WEFT_INVALID_OBJECT', details: { file: 'split.yaml', document: 1, field: 'spec.backends.0.weight' } } });
  t.match(parsed.problems[0]!.error.message, /^split\.yaml: document 1: demo\/s: TrafficSplit: spec\.backends\.0\.weight/);

  const broken = parseManifest(`${svc('a')}---\nkind: [unclosed\n`, 'broken.yaml');
  t.ok(broken.unparsable);
  t.match(broken.problems[0], { error: { code: 'WEFT_MANIFEST_PARSE', details: { file: 'broken.yaml', document: 1 } } });
});

t.test('a folder: changes apply, bad files keep their last good objects', async (t) => {
  const dir = tempDir(t);
  writeFileSync(path.join(dir, 'demo.yaml'), readFileSync(path.join(FIXTURES, 'k8s/traffic-split.yaml')));
  writeFileSync(path.join(dir, 'notes.txt'), 'not a manifest');
  const control = await startTestControl(t, dir);
  const names = () => (control.store.splits('demo', 'api')[0] as ClusterObject & { backends: { weight: number }[] } | undefined)?.backends.map((b) => b.weight);
  t.same(names(), [90, 10, 0, 5]);
  t.ok(control.ready());

  // An edit (via rename, as editors and ConfigMap volumes do) applies.
  const text = readFileSync(path.join(dir, 'demo.yaml'), 'utf8');
  writeFileSync(path.join(dir, '.tmp'), text.replace('weight: 90', 'weight: 50'));
  renameSync(path.join(dir, '.tmp'), path.join(dir, 'demo.yaml'));
  await waitFor(() => names()?.[0] === 50, 'the edited weight');

  // Garbage: nothing in force changes, the error is counted.
  writeFileSync(path.join(dir, 'demo.yaml'), 'kind: [oops');
  await waitFor(async () => (await control.registry.getSingleMetricAsString('weft_control_source_errors_total')).includes('WEFT_MANIFEST_PARSE'), 'the parse error metric');
  t.same(names(), [50, 10, 0, 5], 'last good objects stay in force');
  t.ok(control.store.service('demo', 'api'));

  // An invalid object: it keeps its last good version while the rest of the file applies.
  writeFileSync(path.join(dir, 'demo.yaml'), text.replace('weight: 90', 'weight: -1').replace('name: api-v3', 'name: api-v4'));
  await waitFor(() => control.store.service('demo', 'api-v4'), 'the valid part of the file');
  t.same(names(), [50, 10, 0, 5], 'the invalid split keeps its last good version');
  t.notOk(control.store.service('demo', 'api-v3'));

  // A new file and a removed file.
  writeFileSync(path.join(dir, 'more.json'), JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'extra', namespace: 'demo' }, spec: { ports: [{ port: 80 }] } }));
  await waitFor(() => control.store.service('demo', 'extra'), 'the new file');
  rmSync(path.join(dir, 'demo.yaml'));
  await waitFor(() => !control.store.service('demo', 'api'), 'the removed file');
  t.ok(control.store.service('demo', 'extra'));
});

t.test('a missing folder is a clear error', async (t) => {
  const dir = tempDir(t);
  await t.rejects(startTestControl(t, path.join(dir, 'nope')), { code: 'WEFT_MANIFESTS_DIR' });
});
