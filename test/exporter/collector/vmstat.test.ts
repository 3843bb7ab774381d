import t from 'tap';
import { parseVmstat } from '../../../exporter/collector/vmstat.ts';

t.test("node_exporter's default fields only, untyped", async (t) => {
  const f = parseVmstat('nr_free_pages 100\npgpgin 5\npswpout 6\npgmajfault 7\noom_kill 1\nnr_dirty 3\n');
  t.same(f.map((x) => [x.name, x.type, x.samples[0]?.value]), [
    ['node_vmstat_pgpgin', 'untyped', 5],
    ['node_vmstat_pswpout', 'untyped', 6],
    ['node_vmstat_pgmajfault', 'untyped', 7],
    ['node_vmstat_oom_kill', 'untyped', 1],
  ]);
  t.throws(() => parseVmstat('pgpgin many\n'), { code: 'WEFT_EXPORTER_PARSE' });
});
