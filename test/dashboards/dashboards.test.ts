import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import t from 'tap';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { allQueries, DASHBOARDS, panelsOf, renderDashboard, substituteVariables, variablesIn, BUILTIN_VARIABLES } from '../../dashboards/src/index.ts';
import { tempDir } from '../support/control.ts';

const run = promisify(execFile);
const DIR = fileURLToPath(new URL('../../dashboards/', import.meta.url));

// The metric names the parts promise (DESIGN.md, control's and exporter's tables, and
// node_exporter/cAdvisor/prom-client); a dashboard querying any other name shows nothing.
const CONTRACT = new Set([
  'weft_requests_total', 'weft_request_duration_seconds_bucket', 'weft_tcp_connections_opened_total', 'weft_tcp_connections_closed_total',
  'weft_tcp_open_connections', 'weft_tcp_sent_bytes_total', 'weft_tcp_received_bytes_total', 'weft_retries_total', 'weft_retry_budget_exhausted_total',
  'weft_balancer_endpoints', 'weft_split_weight',
  'weft_control_proxies_connected', 'weft_control_updates_pushed_total', 'weft_control_push_latency_seconds_bucket', 'weft_control_watch_events_total',
  'weft_control_source_errors_total', 'weft_control_slow_streams_disconnected_total', 'weft_control_watched_authorities', 'weft_control_objects',
  'process_cpu_seconds_total', 'process_resident_memory_bytes', 'process_open_fds', 'nodejs_heap_size_used_bytes', 'nodejs_eventloop_lag_p99_seconds',
  'node_cpu_seconds_total', 'node_memory_MemTotal_bytes', 'node_memory_MemAvailable_bytes', 'node_load1', 'node_load5', 'node_load15',
  'node_network_receive_bytes_total', 'node_network_transmit_bytes_total', 'node_disk_read_bytes_total', 'node_disk_written_bytes_total',
  'node_filesystem_avail_bytes', 'node_filesystem_size_bytes', 'node_pressure_cpu_waiting_seconds_total',
  'container_cpu_usage_seconds_total', 'container_memory_working_set_bytes', 'container_spec_memory_limit_bytes', 'container_cpu_cfs_throttled_periods_total',
  'container_cpu_cfs_periods_total', 'container_network_receive_bytes_total', 'container_network_transmit_bytes_total', 'container_fs_reads_bytes_total',
  'container_fs_writes_bytes_total',
]);

type Variable = { name: string; type: string; query?: unknown };
const variables = (d: dashboard.Dashboard) => ((d.templating?.list ?? []) as Variable[]);

t.test('the committed JSON is what the generator writes (run `npm run dashboards` after editing dashboards/src)', async (t) => {
  const committed = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
  t.same(committed, DASHBOARDS.map((d) => `${d.name}.json`).sort(), 'one JSON file per dashboard, no stale ones');
  for (const def of DASHBOARDS) {
    t.equal(readFileSync(path.join(DIR, `${def.name}.json`), 'utf8'), renderDashboard(def.build()), `dashboards/${def.name}.json is up to date`);
  }
});

t.test('the five dashboards of the mesh, each with its own uid', async (t) => {
  const built = DASHBOARDS.map((d) => d.build());
  t.same(built.map((d) => d.title), ['weft / Mesh overview', 'weft / Service detail', 'weft / Proxy resources', 'weft / Control plane', 'weft / Nodes and containers']);
  t.equal(new Set(built.map((d) => d.uid)).size, built.length);
});

t.test('every panel has a title, a description, a unit and queries on the chosen data source', async (t) => {
  for (const def of DASHBOARDS) {
    const d = def.build();
    const panels = panelsOf(d).filter((p) => p.type !== 'row');
    t.ok(panels.length >= 4, `${def.name} has panels`);
    t.equal(new Set(panelsOf(d).map((p) => p.id)).size, panelsOf(d).length, `${def.name}: panel ids are unique`);
    for (const p of panels) {
      const where = `${def.name} / ${p.title}`;
      t.ok(p.title, `${where}: title`);
      t.ok((p.description ?? '').length > 20, `${where}: description`);
      t.ok(p.fieldConfig?.defaults?.unit, `${where}: unit`);
      t.same(p.datasource, { type: 'prometheus', uid: '${datasource}' }, `${where}: data source variable`);
      const targets = (p.targets ?? []) as { expr?: string; refId?: string; datasource?: unknown }[];
      t.ok(targets.length > 0 && targets.every((q) => q.expr), `${where}: PromQL queries`);
      t.equal(new Set(targets.map((q) => q.refId)).size, targets.length, `${where}: distinct refIds`);
    }
  }
});

t.test('variables: a data source everywhere, namespace and service where they apply, and no undefined one used', async (t) => {
  const expected: Record<string, string[]> = {
    'mesh-overview': ['datasource', 'direction', 'namespace', 'service'],
    'service-detail': ['datasource', 'direction', 'namespace', 'service', 'workload'],
    'proxy-resources': ['datasource', 'job', 'namespace', 'pod'],
    'control-plane': ['datasource', 'job', 'instance'],
    'nodes-containers': ['datasource', 'instance', 'namespace', 'pod'],
  };
  for (const def of DASHBOARDS) {
    const d = def.build();
    const vars = variables(d);
    t.same(vars.map((v) => v.name), expected[def.name], `${def.name} variables`);
    t.equal(vars[0]?.type, 'datasource');
    t.equal(vars[0]?.query, 'prometheus');
    const defined = new Set([...vars.map((v) => v.name), ...Object.keys(BUILTIN_VARIABLES)]);
    const used = [...allQueries().filter((q) => q.dashboard === def.name).map((q) => q.expr), ...vars.map((v) => String(v.query ?? ''))];
    for (const text of used) for (const v of variablesIn(text)) t.ok(defined.has(v), `${def.name}: $${v} is defined`);
  }
});

t.test('allQueries lists every panel expression, with the variables each uses', async (t) => {
  const queries = allQueries();
  const targets = DASHBOARDS.flatMap((d) => panelsOf(d.build()).flatMap((p) => (p.targets ?? []) as unknown[]));
  t.equal(queries.length, targets.length);
  t.ok(queries.length >= 60);
  const split = queries.find((q) => q.panel.startsWith('Split') && q.refId === 'B');
  t.ok(split?.optional, 'a split panel may rightly be empty, and says why');
  t.same(split?.variables, ['namespace', '__rate_interval', 'service']);
  t.ok(queries.filter((q) => !q.optional).length > queries.length / 2, 'most queries must return data in a healthy mesh');
});

t.test('substituteVariables fills variables as Grafana does and refuses unknown ones', async (t) => {
  t.equal(substituteVariables('rate(x{a=~"$namespace", b="${service}"}[$__rate_interval])', { namespace: '.*', service: 'api' }), 'rate(x{a=~".*", b="api"}[1m])');
  t.equal(substituteVariables('label_replace(x, "b", "$1", "a", "(.*)")', {}), 'label_replace(x, "b", "$1", "a", "(.*)")', '$1 is not a variable');
  t.throws(() => substituteVariables('x{a="$nope"}', {}), /no value for template variable \$nope/);
});

t.test('every expression uses only metric names the components expose', async (t) => {
  const keywords = new Set(['sum', 'max', 'min', 'avg', 'by', 'on', 'and', 'or', 'unless', 'group_left', 'rate', 'increase', 'histogram_quantile', 'label_replace', 'topk', 'vector', 'bool', 'le', 'inf']);
  for (const q of allQueries()) {
    const stripped = q.expr.replace(/"[^"]*"/g, '""').replace(/\{[^}]*\}/g, '{}').replace(/\[[^\]]*\]/g, '[]').replace(/\b(by|on|group_left)\s*\([^)]*\)/g, '$1 ()');
    for (const name of stripped.match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? []) {
      if (keywords.has(name)) continue;
      t.ok(CONTRACT.has(name), `${q.dashboard} / ${q.panel}: ${name} is a known metric`);
    }
  }
});

/** Runs promtool check rules on one recording rule per expression. */
async function promtoolCheck(dir: string, exprs: string[]): Promise<{ ok: boolean; output: string }> {
  const file = path.join(dir, 'rules.json');
  writeFileSync(file, JSON.stringify({ groups: [{ name: 'dashboards', rules: exprs.map((expr, i) => ({ record: `weft_dashboard:query_${i}`, expr })) }] }));
  try {
    const { stdout, stderr } = await run('promtool', ['check', 'rules', file], { timeout: 30_000 });
    return { ok: true, output: stdout + stderr };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

t.test('promtool parses every expression, variables substituted', async (t) => {
  const dir = tempDir(t);
  const queries = allQueries();
  // Any value works for parsing: every variable sits inside a quoted label matcher.
  const values = Object.fromEntries(queries.flatMap((q) => q.variables).map((v) => [v, BUILTIN_VARIABLES[v] ?? 'x']));
  const result = await promtoolCheck(dir, queries.map((q) => substituteVariables(q.expr, values)));
  t.ok(result.ok, result.output);
  t.match(result.output, new RegExp(`SUCCESS: ${queries.length} rules found`));
  const broken = await promtoolCheck(dir, ['sum by (le (rate(weft_requests_total[1m]))']);
  t.notOk(broken.ok, 'and it does reject a broken expression');
});
