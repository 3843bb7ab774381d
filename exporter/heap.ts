// Not ES imports: their namespaces cost ≈ 2 MB of resident memory (see lib/builtins.ts).
const v8 = () => process.getBuiltinModule('node:v8');

/**
 * Garbage the scrapes may leave before the next full collection. Node collectors leave
 * ~0.1–0.2 MB in the old generation each, so this collects after every 5–10 of them (one
 * a minute or two at a 15 s scrape interval): left to V8, the exporter grew from 57 to 65 MB
 * over 180 back-to-back scrapes before V8 collected.
 */
export const HEAP_SLACK_BYTES = 2 ** 20;

/** The collection V8 runs under memory pressure: it compacts, and gives back young-generation space. */
const RELEASE = { type: 'major', execution: 'sync', flavor: 'last-resort' } as const;

/**
 * V8 lets a busy heap grow to several times its live size before collecting it fully: a
 * scrape of 200 containers leaves ~20 MB of garbage, and after a few dozen scrapes the
 * exporter sat at ~115 MB resident, though ~10 MB of it was live (npm run bench:exporter).
 * This runs a full collection once the heap has grown by more than `slackBytes` since the
 * last one: after every 200-container scrape, after every 5–10 node-only ones.
 * It is V8's last-resort collection, which also compacts the old generation and shrinks the
 * young one: a plain full collection left the heap committed at twice its live size.
 * The exporter calls it after the response is handed to the socket, off the scrape's path.
 */
export function heapCollector(slackBytes = HEAP_SLACK_BYTES): () => void {
  // The only way to a full collection from JavaScript without a command-line flag, which
  // would apply to every weft process of the image.
  v8().setFlagsFromString('--expose-gc');
  const gc = process.getBuiltinModule('node:vm').runInNewContext('gc') as (options: typeof RELEASE) => void;
  let floor = v8().getHeapStatistics().used_heap_size;
  return () => {
    if (v8().getHeapStatistics().used_heap_size - floor < slackBytes) return;
    gc(RELEASE);
    floor = v8().getHeapStatistics().used_heap_size;
  };
}
