// Benchmarks measure weft as it ships: the compiled JavaScript of `npm run build` (no type
// stripping at load, ~18 MB less RSS per process). Every bench:* script builds first.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { imageEnv } from '../test/support/image-env.ts';

export const WEFT_ENTRY = fileURLToPath(new URL('../dist/cli/entry.js', import.meta.url));
if (!existsSync(WEFT_ENTRY)) throw new Error(`${WEFT_ENTRY} is missing: run npm run build first (npm run bench:* does)`);
// test/support/spawn-weft.ts, which bench:exporter shares with the tests, honours this.
process.env.WEFT_ENTRY = WEFT_ENTRY;

// The environment the image ships with (V8 settings, glibc malloc's), for every weft process
// a bench starts: read from the Dockerfile's `ENV` lines, so the two cannot drift apart.
const dockerfile = readFileSync(new URL('../Dockerfile', import.meta.url), 'utf8');
export const IMAGE_ENV = imageEnv(dockerfile);
if (IMAGE_ENV.NODE_OPTIONS === undefined) throw new Error('Dockerfile: no ENV NODE_OPTIONS= line to run the benchmarks with');
for (const [name, value] of Object.entries(IMAGE_ENV)) {
  process.env[name] = name === 'NODE_OPTIONS' ? `${process.env.NODE_OPTIONS ?? ''} ${value}`.trim() : value;
}

/** The environment without the image's settings, for the programs weft is compared with. */
export function envWithoutImage(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(IMAGE_ENV)) delete env[name];
  return env;
}
