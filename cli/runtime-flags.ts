// Imported first by both entry points (bin/weft.js, cli/entry.ts), so that it runs before any
// other module is even evaluated: V8 settings that must be in force from the start. Set here
// rather than in the command's action because commander, pino and the module loader itself
// get optimized while they load: set that late, the exporter stays ≈ 2 MB bigger.
import { setV8Flags } from '../lib/runtime.ts';

/**
 * `weft exporter` trades some scrape speed for memory (README → Performance → Exporter):
 * - no optimizing compilers (Maglev, TurboFan): they bring ≈ 8 MB of their own machine code
 *   into memory, and ≈ 10 MB of compilation zones on their threads after large scrapes, for
 *   scrapes that take a fraction of node_exporter's time without them;
 * - a young generation that stays at its initial size instead of doubling under a steady
 *   stream of scrapes (≈ 2 MB): what a scrape allocates dies young and is cheap to collect.
 * --runtime.optimize keeps V8's defaults.
 */
const EXPORTER = ['--no-opt', '--no-maglev', '--semi-space-growth-factor=1'];

/**
 * `weft proxy` runs TurboFan, V8's top tier, without Maglev, the mid tier in front of it.
 * The request path is hot within a second of load, so what Maglev buys (code optimized
 * sooner) lasts moments, and what it costs stays: its own machine code (≈ 1.6 MB of the
 * Node binary) and its compilation zones. Measured with proxies side by side under the same
 * load: in each of five A/B runs the peak RSS was lower without it, by 0.6–20 MB (median
 * 5 MB), and CPU per request was 2–4% lower in both interleaved ones (README → weft proxy →
 * V8 tiers and heap).
 *
 * It also runs V8's heap in memory-saver mode, which makes every full collection a
 * memory-reducing one (`--trace-gc`: "Mark-Compact (reduce)"; compacting, and growing the
 * old generation's limit by V8's lowest factor, 1.1×): peak RSS 79.4–81.1 against
 * 83.1–84.6 MB in alternating bench runs.
 *
 * Those collections do not get memory-saver mode's 2 MB minimum step, though: V8 gives that
 * only to its "conservative" growing mode, and a memory-reducing collection uses the
 * "minimal" one, whose step is the regular 8 MB (heap-controller.cc), plus the young
 * generation's capacity. At the proxy's ≈ 10 MB the step, not the factor, sets the limit
 * (`--trace-gc-verbose` under load: "factor 1.1 … Limit: old size: 9964 KB, new limit:
 * 19180 KB"). So the proxy also starts incremental marking early: a task starts it once 20%
 * of the headroom between the last collection's size and that limit is used (the larger of
 * the old generation's share and the global one), and an allocation at 40%. A full
 * collection then follows ≈ 2 MB of growth, every 3–4 s under saturating load instead of
 * every 8–23 s; the old generation peaked at 16.9–17.9 against 19.7–20.4 MB committed, for
 * ≈ 9 ms of collection each (CPU per request 1.004×, paired median of 12 interleaved
 * rounds). V8 starts no incremental marking while the old generation holds under ≈ 8 MB,
 * so an idle proxy is not affected.
 *
 * Bytecode flushing is off: V8 drops the bytecode of functions unused over a few full
 * collections, and with more collections more of it was dropped and compiled again. With it
 * off, CPU per request was 0.912× memory-saver mode's alone (paired median of 10 interleaved
 * rounds) at the same peak (79.1 against 78.7 MB). Plain TCP forwarding still costs more CPU
 * per request in memory-saver mode (paired median 0.905 without it in 8 rounds, 0.976 in 10
 * on another day), in user time rather than GC pauses (README → V8 tiers and heap).
 *
 * V8's memory reducer starts no collections (`--memory-reducer-gc-count=0`): in memory-saver
 * mode it ignores the allocation rate, and under steady load it added two full collections
 * 8 s after one, 6–10 ms pauses each; without them the p99 at 2,000 rps was lower in six of
 * seven alternating runs, with no steady difference in RSS idle after load (README → V8
 * tiers and heap). A count, because V8 reads `--no-memory-reducer` only when it sets up the
 * heap. 0 is below the range V8's debug builds assert; release builds (Node's) read the count
 * at each step of the reducer, set here before it can have started a collection. Recheck
 * when Node's V8 changes.
 */
const PROXY = ['--no-maglev', '--memory-saver-mode', '--no-flush-bytecode', '--incremental-marking-soft-trigger=20', '--incremental-marking-hard-trigger=40', '--memory-reducer-gc-count=0'];

// WEFT_RUNTIME_OPTIMIZE (V8's default tiers, for every command) counts when set to
// anything, as commander reads boolean flags.
const command = process.argv[2];
if (process.env.WEFT_RUNTIME_OPTIMIZE === undefined) {
  if (command === 'exporter' && !process.argv.includes('--runtime.optimize')) setV8Flags(EXPORTER);
  else if (command === 'proxy') setV8Flags(PROXY);
}
