// The compiled entry point (dist/cli/entry.js), used by the container image and the
// benchmarks; bin/weft.js runs the same program from the TypeScript sources.
import './runtime-flags.ts';
import { main } from './main.ts';

await main();
