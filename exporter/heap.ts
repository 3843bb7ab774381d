import v8 from 'node:v8';
import vm from 'node:vm';

/** Garbage a scrape may leave before the next full collection (node collectors leave ~0.1 MB). */
export const HEAP_SLACK_BYTES = 8 * 2 ** 20;

/**
 * V8 lets a busy heap grow to several times its live size before collecting it fully: a
 * scrape of 200 containers leaves ~20 MB of garbage, and after a few dozen scrapes the
 * exporter sat at ~115 MB resident, though ~10 MB of it was live (npm run bench:exporter).
 * This runs a full collection once the heap has grown by more than `slackBytes` since the
 * last one: ~10 ms after a 200-container scrape, never after the small node-only scrapes.
 * The exporter calls it after the response is handed to the socket, off the scrape's path.
 */
export function heapCollector(slackBytes = HEAP_SLACK_BYTES): () => void {
  // The only way to a full collection from JavaScript without a command-line flag, which
  // would apply to every weft process of the image.
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  let floor = v8.getHeapStatistics().used_heap_size;
  return () => {
    if (v8.getHeapStatistics().used_heap_size - floor < slackBytes) return;
    gc();
    floor = v8.getHeapStatistics().used_heap_size;
  };
}
