// Benchmarks measure weft as it ships: the compiled JavaScript of `npm run build` (no type
// stripping at load, ~18 MB less RSS per process). Every bench:* script builds first.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const WEFT_ENTRY = fileURLToPath(new URL('../dist/cli/entry.js', import.meta.url));
if (!existsSync(WEFT_ENTRY)) throw new Error(`${WEFT_ENTRY} is missing: run npm run build first (npm run bench:* does)`);
// test/support/spawn-weft.ts, which bench:exporter shares with the tests, honours this.
process.env.WEFT_ENTRY = WEFT_ENTRY;
// The V8 setting the image ships with (Dockerfile), for every weft process a bench starts.
process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --max-semi-space-size=2`.trim();
