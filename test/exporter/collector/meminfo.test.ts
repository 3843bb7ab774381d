import t from 'tap';
import { parseMeminfo } from '../../../exporter/collector/meminfo.ts';

t.test("node_exporter's names: kB to bytes, parentheses to underscores, bare counts kept", async (t) => {
  const f = parseMeminfo('MemTotal:       16384 kB\nActive(anon):      12 kB\nHugePages_Total:       4\n');
  t.same(
    f.map((x) => [x.name, x.type, x.samples[0]?.value]),
    [
      ['node_memory_MemTotal_bytes', 'gauge', 16777216],
      ['node_memory_Active_anon_bytes', 'gauge', 12288],
      // node_exporter types only a lower-case "_total" suffix as a counter
      ['node_memory_HugePages_Total', 'gauge', 4],
    ],
  );
});

t.test('garbled meminfo is a parse error', async (t) => {
  t.throws(() => parseMeminfo('MemTotal: lots kB\n'), { code: 'WEFT_EXPORTER_PARSE' });
  t.throws(() => parseMeminfo('MemTotal 12 kB\n'), { code: 'WEFT_EXPORTER_PARSE' });
  t.throws(() => parseMeminfo(''), { code: 'WEFT_EXPORTER_PARSE' });
});
