import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { render } from '../../exporter/exposition.ts';
import { CGROUP_TREES, FIXTURES, collectorsNamed, copyWithFixedTimes, fixturePods, fixtureRoots, fixtureScraper } from '../support/exporter-fixtures.ts';

// End to end on the fixture trees: the exposition must equal the committed golden files.
// After an intended change, regenerate them with:
//   WEFT_UPDATE_GOLDEN=1 npx tap test/exporter/golden.test.ts
// and review the diff. (uname, time and filesystem depend on the machine running the
// test; they have their own tests.)

const UPDATE = process.env.WEFT_UPDATE_GOLDEN === '1';
const GOLDEN = path.join(FIXTURES, 'golden');
const NODE = ['cpu', 'diskstats', 'loadavg', 'meminfo', 'netdev', 'pressure', 'stat', 'vmstat'];

async function exposition(collectors: string[], cgroupTree: string, cgroupfs?: string): Promise<string> {
  const roots = { ...fixtureRoots(cgroupTree), ...(cgroupfs ? { cgroupfs } : {}) };
  const families = await fixtureScraper({ roots, collectors: collectorsNamed(...collectors), pods: fixturePods() }).collect();
  // Durations differ on every run; everything else is a function of the fixture files.
  return render(families.filter((f) => f.name !== 'node_scrape_collector_duration_seconds'));
}

function compare(name: string, text: string): void {
  const file = path.join(GOLDEN, name);
  if (UPDATE) fs.writeFileSync(file, text);
  t.test(name, async (t) => {
    t.ok(fs.existsSync(file), `${file} exists (WEFT_UPDATE_GOLDEN=1 creates it)`);
    t.equal(text, fs.readFileSync(file, 'utf8'), `exposition matches ${name}`);
  });
}

compare('node.prom', await exposition(NODE, 'cgroup-v1-joint'));

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-golden-'));
t.teardown(() => fs.rmSync(tmp, { recursive: true, force: true }));
for (const tree of CGROUP_TREES) {
  const copy = path.join(tmp, tree);
  copyWithFixedTimes(path.join(FIXTURES, tree), copy, 1_750_000_000);
  compare(`container-${tree.replace(/^cgroup-/, '')}.prom`, await exposition(['container'], tree, copy));
}
