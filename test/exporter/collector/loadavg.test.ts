import t from 'tap';
import { parseLoadavg } from '../../../exporter/collector/loadavg.ts';

t.test('three load averages', async (t) => {
  t.same(
    parseLoadavg('0.25 1.50 3.00 2/345 6789\n').map((f) => [f.name, f.samples[0]?.value]),
    [['node_load1', 0.25], ['node_load5', 1.5], ['node_load15', 3]],
  );
  t.throws(() => parseLoadavg('0.25 1.50\n'), { code: 'WEFT_EXPORTER_PARSE' });
  t.throws(() => parseLoadavg('a b c\n'), { code: 'WEFT_EXPORTER_PARSE' });
});
