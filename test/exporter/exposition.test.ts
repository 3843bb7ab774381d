import t from 'tap';
import { formatValue, mergeFamilies, render } from '../../exporter/exposition.ts';
import { family } from '../../exporter/metrics.ts';
import { parseSeries } from '../support/prom-text.ts';

t.test('label values and help are escaped; the text reads back to the same values', async (t) => {
  const text = render([
    family('x_total', 'help with \\ and\nnewline', 'counter', [
      { labels: { path: 'C:\\dir', q: 'say "hi"', nl: 'a\nb' }, value: 1.5 },
      { value: Infinity },
    ]),
  ]);
  t.match(text, '# HELP x_total help with \\\\ and\\nnewline\n# TYPE x_total counter\n');
  t.match(text, 'x_total{path="C:\\\\dir",q="say \\"hi\\"",nl="a\\nb"} 1.5\n');
  t.same(parseSeries(text), [
    { name: 'x_total', labels: { path: 'C:\\dir', q: 'say "hi"', nl: 'a\nb' }, value: 1.5 },
    { name: 'x_total', labels: {}, value: Infinity },
  ]);
  t.same([formatValue(NaN), formatValue(-Infinity), formatValue(1e21)], ['NaN', '-Inf', '1e+21']);
});

t.test('families of one name are merged, sorted by name, empty ones left out', async (t) => {
  const merged = mergeFamilies([family('b', 'h', 'gauge', [{ value: 1 }]), family('a', 'h', 'gauge'), family('b', 'h', 'gauge', [{ value: 2 }])]);
  t.same(merged.map((f) => [f.name, f.samples.length]), [['a', 0], ['b', 2]]);
  t.equal(render(merged), '# HELP b h\n# TYPE b gauge\nb 1\nb 2\n');
});
