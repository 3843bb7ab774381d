// Benchmarks measure weft as it ships: the compiled JavaScript of `npm run build` (no type
// stripping at load, ~18 MB less RSS per process). Every bench:* script builds first.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const WEFT_ENTRY = fileURLToPath(new URL('../dist/cli/entry.js', import.meta.url));
if (!existsSync(WEFT_ENTRY)) throw new Error(`${WEFT_ENTRY} is missing: run npm run build first (npm run bench:* does)`);
// test/support/spawn-weft.ts, which bench:exporter shares with the tests, honours this.
process.env.WEFT_ENTRY = WEFT_ENTRY;

// The V8 settings the image ships with, for every weft process a bench starts: read from the
// Dockerfile's `ENV NODE_OPTIONS=` line, so the two cannot drift apart.
const dockerfile = readFileSync(new URL('../Dockerfile', import.meta.url), 'utf8');
export const IMAGE_NODE_OPTIONS = /^ENV NODE_OPTIONS="?([^"\n]*)"?$/m.exec(dockerfile)?.[1]?.trim();
if (IMAGE_NODE_OPTIONS === undefined) throw new Error('Dockerfile: no ENV NODE_OPTIONS= line to run the benchmarks with');
process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} ${IMAGE_NODE_OPTIONS}`.trim();
