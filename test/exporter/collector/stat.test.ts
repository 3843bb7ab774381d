import t from 'tap';
import { parseStat } from '../../../exporter/collector/stat.ts';

const STAT = 'cpu 1 2 3 4\nintr 12345 1 2 3\nctxt 999\nbtime 1700000000\nprocesses 4242\nprocs_running 3\nprocs_blocked 1\n';

t.test('boot time, interrupts, context switches, forks and process counts', async (t) => {
  const byName = Object.fromEntries(parseStat(STAT).map((f) => [f.name, [f.type, f.samples[0]?.value]]));
  t.same(byName, {
    node_intr_total: ['counter', 12345],
    node_context_switches_total: ['counter', 999],
    node_forks_total: ['counter', 4242],
    node_boot_time_seconds: ['gauge', 1700000000],
    node_procs_running: ['gauge', 3],
    node_procs_blocked: ['gauge', 1],
  });
});

t.test('a missing line is a parse error naming it', async (t) => {
  t.throws(() => parseStat(STAT.replace(/^ctxt.*\n/m, '')), { code: 'WEFT_EXPORTER_PARSE', message: /ctxt/ });
});
