// Imported first by both entry points (bin/weft.js, cli/entry.ts), so that it runs before any
// other module is even evaluated: V8 settings that must be in force from the start.
import { leanRuntime } from '../exporter/heap.ts';

// `weft exporter` runs with a leaner V8 (no optimizing compilers, a young generation that
// does not grow; see exporter/heap.ts) unless --runtime.optimize is given. Set here rather
// than in the command's action because commander, pino and the module loader itself get
// optimized while they load: set that late, the exporter stays ≈ 2 MB bigger.
// WEFT_RUNTIME_OPTIMIZE counts when set to anything, as commander reads boolean flags.
if (process.argv[2] === 'exporter' && !process.argv.includes('--runtime.optimize') && process.env.WEFT_RUNTIME_OPTIMIZE === undefined) {
  leanRuntime();
}
