import { spawnSync } from 'node:child_process';
import t from 'tap';
import { CGROUP_TREES, fixtureRoots, fixtureScraper, fixturePods } from '../support/exporter-fixtures.ts';
import { processFamilies } from '../../exporter/self-metrics.ts';
import { createScraper } from '../../exporter/scrape.ts';
import { COLLECTORS } from '../../exporter/collector/index.ts';
import { makePaths } from '../../exporter/paths.ts';
import { createLogger } from '../../lib/log.ts';

// `promtool check metrics` on the full exposition. The only findings allowed are those
// the names weft keeps for compatibility cause:
//  - node_exporter's meminfo names keep the kernel's CamelCase (node_memory_MemTotal_bytes);
//  - cAdvisor's container_memory_failcnt is a counter without _total.
const ALLOWED = [
  /^node_memory_\w+ metric names should be written in 'snake_case' not 'camelCase'$/,
  /^container_memory_failcnt counter metrics should have "_total" suffix$/,
];

t.test('every fixture tree and this machine pass promtool check metrics', async (t) => {
  const expositions: [string, string][] = [];
  for (const tree of CGROUP_TREES) expositions.push([tree, await fixtureScraper({ roots: fixtureRoots(tree), pods: fixturePods() }).scrape()]);
  const live = createScraper({ collectors: COLLECTORS, paths: makePaths(), own: processFamilies(), log: createLogger('test', 'silent') });
  expositions.push(['this machine', await live.scrape()]);
  for (const [name, text] of expositions) {
    const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    t.equal(r.error, undefined, 'promtool runs');
    const findings = `${r.stdout}${r.stderr}`.split('\n').filter((l) => l.trim() !== '');
    const unexpected = findings.filter((f) => !ALLOWED.some((re) => re.test(f)));
    t.same(unexpected, [], `${name}: no findings beyond the compatibility names`);
    t.ok(findings.some((f) => f.startsWith('node_memory_MemTotal_bytes')), `${name}: promtool did lint the exposition`);
  }
});
