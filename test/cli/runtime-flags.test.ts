import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';

const RUNTIME_FLAGS = fileURLToPath(new URL('../../cli/runtime-flags.ts', import.meta.url));

// A process that loads cli/runtime-flags.ts as weft's entry points do, with the command line
// given, then calls a function hot enough for V8 to optimize it, and reports what V8 did.
// %GetOptimizationStatus needs --allow-natives-syntax, which changes nothing else.
const PROBE = `
await import(${JSON.stringify(RUNTIME_FLAGS)});
function sum(xs) { let s = 0; for (const x of xs) s += x; return s; }
const xs = Array.from({ length: 64 }, (_, i) => i);
const OPTIMIZED = 1 << 4; // V8's OptimizationStatus::kOptimized (Maglev or TurboFan)
let status = 0;
for (let round = 0; round < 200 && !(status & OPTIMIZED); round++) {
  for (let i = 0; i < 2000; i++) sum(xs);
  await new Promise((r) => setTimeout(r, 5)); // concurrent compilation finishes in the meantime
  status = %GetOptimizationStatus(sum);
}
console.log(JSON.stringify({ optimized: Boolean(status & OPTIMIZED) }));
`;

// Asks V8 to compile a function with Maglev, V8's mid tier, and reports whether it did
// (V8 ignores the request when Maglev is off).
const MAGLEV_PROBE = `
await import(${JSON.stringify(RUNTIME_FLAGS)});
function sum(xs) { let s = 0; for (const x of xs) s += x; return s; }
const xs = [1, 2, 3];
%PrepareFunctionForOptimization(sum);
sum(xs);
%OptimizeMaglevOnNextCall(sum);
sum(xs);
const MAGLEVVED = 1 << 5; // V8's OptimizationStatus::kMaglevved
console.log(JSON.stringify({ maglev: Boolean(%GetOptimizationStatus(sum) & MAGLEVVED) }));
`;

function probe(t: Test, args: string[], env: NodeJS.ProcessEnv = {}, source = PROBE): Record<string, boolean> {
  const file = path.join(t.testdir({}), 'probe.mjs');
  fs.writeFileSync(file, source);
  const r = spawnSync(process.execPath, ['--allow-natives-syntax', file, ...args], { encoding: 'utf8', env: { ...process.env, NODE_V8_COVERAGE: undefined, ...env } });
  t.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, boolean>;
}

t.test("weft exporter runs without V8's optimizing compilers", async (t) => {
  t.same(probe(t, ['exporter', '--web.listen-address', '127.0.0.1:0']), { optimized: false });
});

t.test('--runtime.optimize, or WEFT_RUNTIME_OPTIMIZE, gives the exporter its optimizing compilers back', async (t) => {
  t.same(probe(t, ['exporter', '--runtime.optimize']), { optimized: true });
  t.same(probe(t, ['exporter'], { WEFT_RUNTIME_OPTIMIZE: 'true' }), { optimized: true });
});

t.test('weft proxy optimizes with TurboFan and without Maglev', async (t) => {
  t.same(probe(t, ['proxy', '--namespace', 'demo']), { optimized: true });
  t.same(probe(t, ['proxy', '--namespace', 'demo'], {}, MAGLEV_PROBE), { maglev: false });
});

t.test('WEFT_RUNTIME_OPTIMIZE gives the proxy Maglev back', async (t) => {
  t.same(probe(t, ['proxy'], { WEFT_RUNTIME_OPTIMIZE: 'true' }, MAGLEV_PROBE), { maglev: true });
});

t.test('other commands keep every tier', async (t) => {
  t.same(probe(t, ['control']), { optimized: true });
  t.same(probe(t, ['control'], {}, MAGLEV_PROBE), { maglev: true });
});
