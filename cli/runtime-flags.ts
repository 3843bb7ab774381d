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
 * It also runs V8's heap in memory-saver mode: the old generation may grow 2 MB past what
 * the last full collection left before the next one starts, instead of 8 MB. Under steady
 * load the proxy's old generation filled at ≈ 2 MB/s, so it collects about every second
 * instead of every four. Measured in three interleaved A/Bs under saturating load (≈ 25 s
 * each): peak RSS 78.8 against 84.9 MB, 79.3 against 83.8 and 78.9 against 83.4 MB, for
 * 1–5% more CPU per request; in the bench itself, 79.4–81.1 against 83.1–84.6 MB (three
 * runs each). Most of that CPU was bytecode flushing: V8 drops the bytecode of functions
 * unused over a few full collections, and with four times as many collections more of it
 * was dropped and compiled again. With flushing off as well, CPU per request was 0.912×
 * memory-saver mode's alone (paired median of 10 interleaved rounds; without memory-saver
 * mode 0.924×) at the same peak (79.1 against 78.7 MB). Plain TCP forwarding still costs
 * more CPU per request in memory-saver mode (paired median 0.905 without it in 8 rounds,
 * 0.976 in 10 on another day), in user time rather than GC pauses, which bytecode flushing
 * does not explain. The mechanism is less clear than the above: --trace-gc-nvp over 35 s of
 * load later showed the old generation's limit at live + ≈ 8 MB after the first full
 * collection, in memory-saver mode or not (README → V8 tiers and heap).
 */
const PROXY = ['--no-maglev', '--memory-saver-mode', '--no-flush-bytecode'];

// WEFT_RUNTIME_OPTIMIZE (V8's default tiers, for every command) counts when set to
// anything, as commander reads boolean flags.
const command = process.argv[2];
if (process.env.WEFT_RUNTIME_OPTIMIZE === undefined) {
  if (command === 'exporter' && !process.argv.includes('--runtime.optimize')) setV8Flags(EXPORTER);
  else if (command === 'proxy') setV8Flags(PROXY);
}
