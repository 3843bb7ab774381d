// values.schema.json rejects wrong values, every value is documented in the README,
// and the dashboards in dashboards/ ship in the chart as ConfigMaps.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { parse } from 'yaml';
import { CHART, render } from '../support/chart.ts';
import { helm } from '../support/helm.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const UPDATE = process.env.WEFT_UPDATE_FIXTURES === '1';

t.test('wrong types and unknown values are rejected by lint and template', async (t) => {
  const bad = [
    'control.replicas=two',
    'proxy.uid=abc',
    'proxy.nativeSidecar=maybe',
    'injector.timeoutSeconds=soon',
    'image.pullPolicy=Sometimes',
    'control.antiAffinity=sometimes',
    'proxy.resources.requests.cpu=lots',
    'proxy.skipOutboundPorts=http',
    'proxy.skipOutboundCIDRs=everywhere',
    'serviceMonitor.interval=often',
    'dashboards.enabled=yes',
    'exporter.enable=true',
  ];
  for (const set of bad) {
    const path = set.split('=')[0]!.replaceAll('.', '/');
    const template = helm(['template', 'weft', CHART, '--set', set]);
    t.not(template.status, 0, `template rejects ${set}`);
    t.match(template.stderr, path.endsWith('/enable') ? /additional properties 'enable' not allowed/ : new RegExp(`at '/${path}'`), `and names the value (${set})`);
    t.not(helm(['lint', '--strict', CHART, '--set', set]).status, 0, `lint rejects ${set}`);
  }
  t.equal(helm(['template', 'weft', CHART, '--set', 'proxy.skipOutboundPorts=3306', '--set', 'proxy.resources.limits.cpu=1']).status, 0, 'numbers where numbers make sense');
});

/** Dotted paths of values.yaml's leaves; free-form maps and lists count as one value. */
function leaves(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [prefix];
  const entries = Object.entries(value);
  if (entries.length === 0 || ['control.resources', 'exporter.resources'].includes(prefix) || prefix.endsWith('labels')) return [prefix];
  return entries.flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

t.test('every chart value is in values.schema.json and documented in the README', async (t) => {
  const values = parse(fs.readFileSync(path.join(CHART, 'values.yaml'), 'utf8'));
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.split('## Install on Kubernetes')[1]?.split('\n## ')[0] ?? '';
  const schema = JSON.parse(fs.readFileSync(path.join(CHART, 'values.schema.json'), 'utf8'));
  const paths = leaves(values);
  t.ok(paths.length > 30);
  for (const p of paths) {
    t.ok(section.includes(`| \`${p}\` |`), `${p} has a row in the README's chart values table`);
    const inSchema = p.split('.').reduce<{ properties?: Record<string, unknown> } | undefined>((s, k) => s?.properties?.[k] as never, schema);
    t.ok(inSchema, `${p} is in values.schema.json`);
  }
});

t.test('charts/weft/dashboards holds exactly the dashboards of dashboards/', async (t) => {
  const source = path.join(ROOT, 'dashboards');
  const shipped = path.join(CHART, 'dashboards');
  const json = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : []);
  if (UPDATE) {
    for (const f of json(shipped)) fs.rmSync(path.join(shipped, f));
    for (const f of json(source)) fs.copyFileSync(path.join(source, f), path.join(shipped, f));
  }
  t.same(json(shipped), json(source), 'same files (copy them with WEFT_UPDATE_FIXTURES=1 npx tap test/charts/values.test.ts)');
  for (const f of json(source)) t.equal(fs.readFileSync(path.join(shipped, f), 'utf8'), fs.readFileSync(path.join(source, f), 'utf8'), `${f} is current`);
  const configMaps = render().filter((o) => o.kind === 'ConfigMap');
  t.equal(configMaps.length, json(source).length, 'one ConfigMap per dashboard');
});

t.test('each dashboard becomes a ConfigMap for the Grafana sidecar', async (t) => {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-chart-'));
  t.teardown(() => fs.rmSync(copy, { recursive: true, force: true }));
  fs.cpSync(CHART, copy, { recursive: true });
  for (const f of fs.readdirSync(path.join(copy, 'dashboards'))) fs.rmSync(path.join(copy, 'dashboards', f));
  t.equal(render([], copy).filter((o) => o.kind === 'ConfigMap').length, 0, 'no dashboards, no ConfigMaps');
  const dashboard = JSON.stringify({ title: 'Mesh overview', uid: 'weft-mesh', panels: [] }, null, 2);
  fs.writeFileSync(path.join(copy, 'dashboards/mesh_overview.json'), dashboard);
  const configMaps = render(['dashboards.label=grafana_dashboard', 'dashboards.namespace=monitoring'], copy).filter((o) => o.kind === 'ConfigMap');
  t.equal(configMaps.length, 1);
  t.match(configMaps[0], {
    metadata: { name: 'weft-dashboard-mesh-overview', namespace: 'monitoring', labels: { grafana_dashboard: '1' }, annotations: { grafana_folder: 'weft' } },
    data: { 'mesh_overview.json': dashboard },
  });
  t.equal(render(['dashboards.enabled=false'], copy).filter((o) => o.kind === 'ConfigMap').length, 0, 'off when disabled');
});
