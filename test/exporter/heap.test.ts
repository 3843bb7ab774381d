import v8 from 'node:v8';
import t from 'tap';
import { heapCollector } from '../../exporter/heap.ts';

const used = () => v8.getHeapStatistics().used_heap_size;

t.test('garbage beyond the slack is collected at once, not left for V8 to get to', async (t) => {
  const slack = 4 * 2 ** 20;
  const collect = heapCollector(slack);
  // ~30 MB of short-lived objects kept alive long enough to reach the old generation, as a
  // scrape's samples are, then dropped
  let junk: { i: number; s: string }[] | undefined = Array.from({ length: 300_000 }, (_, i) => ({ i, s: `sample ${i}` }));
  await new Promise((r) => setImmediate(r));
  t.ok(junk.length > 0);
  junk = undefined;
  const before = used();
  collect();
  t.ok(used() < before - slack, `heap used ${(used() / 2 ** 20).toFixed(1)} MB after, ${(before / 2 ** 20).toFixed(1)} MB before`);
});

t.test('the collection gives the freed space back: the heap stays committed near its live size', async (t) => {
  const collect = heapCollector(2 ** 20);
  let junk: { i: number; s: string }[] | undefined = Array.from({ length: 300_000 }, (_, i) => ({ i, s: `sample ${i}` }));
  await new Promise((r) => setImmediate(r));
  t.ok(junk.length > 0);
  junk = undefined;
  collect();
  const { used_heap_size: used, total_heap_size: committed } = v8.getHeapStatistics();
  // A plain full collection leaves old-generation pages and a grown young generation committed.
  t.ok(committed < used + 4 * 2 ** 20, `committed ${(committed / 2 ** 20).toFixed(1)} MB for ${(used / 2 ** 20).toFixed(1)} MB live`);
});
