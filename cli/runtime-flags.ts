// Imported first by both entry points (bin/weft.js, cli/entry.ts), so that it runs before any
// other module is even evaluated: V8 settings that must be in force from the start.
import { leanRuntime } from '../exporter/heap.ts';
import { proxyRuntime } from '../proxy/runtime.ts';

// `weft exporter` runs with a leaner V8 (no optimizing compilers, a young generation that
// does not grow; see exporter/heap.ts) unless --runtime.optimize is given; `weft proxy`
// without Maglev (see proxy/runtime.ts). Set here rather than in the command's action
// because commander, pino and the module loader itself get optimized while they load: set
// that late, the exporter stays ≈ 2 MB bigger.
// WEFT_RUNTIME_OPTIMIZE (V8's default tiers, for every command) counts when set to
// anything, as commander reads boolean flags.
const command = process.argv[2];
if (process.env.WEFT_RUNTIME_OPTIMIZE === undefined) {
  if (command === 'exporter' && !process.argv.includes('--runtime.optimize')) leanRuntime();
  else if (command === 'proxy') proxyRuntime();
}
