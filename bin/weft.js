#!/usr/bin/env node
// weft runs its TypeScript sources directly: Node.js 24 strips the types.
import '../cli/runtime-flags.ts';
import { main } from '../cli/main.ts';

await main();
