import t from 'tap';
import { fixtureRoots, collectorsNamed, fixtureScraper } from '../support/exporter-fixtures.ts';
import { COMPARED_COLLECTORS, startNodeExporter } from '../support/node-exporter.ts';
import { parseSeries, seriesKey } from '../support/prom-text.ts';

// Side by side with Debian's node_exporter on the same fixture procfs and sysfs: every
// series both produce has the same value, and weft produces every node_* family it does.

const IGNORED = /^(go_|process_|promhttp_|node_exporter_build_info|node_scrape_collector_duration_seconds)/;

t.test('same series, same values as node_exporter on the fixture procfs', async (t) => {
  const roots = fixtureRoots();
  const ne = await startNodeExporter(roots);
  t.teardown(() => ne.stop());
  const theirs = parseSeries(await (await fetch(ne.url)).text()).filter((s) => !IGNORED.test(s.name));
  const ours = parseSeries(await fixtureScraper({ roots, collectors: collectorsNamed(...COMPARED_COLLECTORS) }).scrape()).filter((s) => !IGNORED.test(s.name));
  const mine = new Map(ours.map((s) => [seriesKey(s), s.value]));

  const missing = theirs.filter((s) => !mine.has(seriesKey(s))).map(seriesKey);
  t.same(missing, [], 'every node_exporter series is in weft');
  const differing = theirs.filter((s) => mine.has(seriesKey(s)) && mine.get(seriesKey(s)) !== s.value).map((s) => `${seriesKey(s)}: node_exporter ${s.value}, weft ${mine.get(seriesKey(s))}`);
  t.same(differing, [], 'and has the same value');
  const extra = new Set(ours.filter((s) => !theirs.some((x) => x.name === s.name)).map((s) => s.name));
  t.same([...extra], [], 'no family node_exporter does not have');
  t.ok(theirs.length > 200, `compared ${theirs.length} series`);
});
