import t from 'tap';
import { time, timeFamilies } from '../../../exporter/collector/time.ts';
import { makePaths } from '../../../exporter/paths.ts';
import { NO_PODS } from '../../../exporter/container/pods.ts';
import { fixtureRoots } from '../../support/exporter-fixtures.ts';

t.test('system time, zone offset and clock sources', async (t) => {
  const fams = await time.collect({ paths: makePaths(fixtureRoots()), pods: NO_PODS, now: () => 1_700_000_000_500, fail: () => {} });
  const by = (name: string) => fams.find((f) => f.name === name)?.samples;
  t.same(by('node_time_seconds'), [{ value: 1_700_000_000.5 }]);
  t.same(by('node_time_clocksource_available_info')?.map((s) => s.labels?.clocksource), ['kvm-clock', 'tsc', 'acpi_pm']);
  t.same(by('node_time_clocksource_current_info'), [{ labels: { device: '0', clocksource: 'kvm-clock' }, value: 1 }]);
  const offset = by('node_time_zone_offset_seconds')?.[0];
  t.equal(offset?.value, -new Date(1_700_000_000_500).getTimezoneOffset() * 60);
  t.ok(offset?.labels?.time_zone, 'zone name present');
});

t.test('no clocksource directory: time and zone only', async (t) => {
  t.same(timeFamilies(0, []).filter((f) => f.samples.length > 0).map((f) => f.name), ['node_time_seconds', 'node_time_zone_offset_seconds']);
});
