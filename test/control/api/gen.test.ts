// control/api/gen/ is generated from destination.proto by `npm run gen:proto` and checked in.
// These tests run the script's own generators, with the script's own arguments, into a
// temporary folder and compare: a .proto changed without regenerating fails here.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { tempDir } from '../../support/control.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const GEN = path.join(ROOT, 'control/api/gen');
const script: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts['gen:proto'];
const resolve = createRequire(import.meta.url).resolve;

/** The arguments `gen:proto` gives `command` (split on spaces: the script quotes none). */
function argsOf(command: string): string[] | undefined {
  return script.split('&&').map((s) => s.trim()).find((s) => s.startsWith(`${command} `))?.split(' ').slice(1);
}

/** Every file below `dir`, as paths relative to it. */
function files(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
}

t.test("the proxy's codec is what pbjs generates from the .proto today", async (t) => {
  const args = argsOf('pbjs');
  if (!args) return t.fail('gen:proto no longer runs pbjs: update this test with it');
  const out = path.join(tempDir(t, 'weft-gen-'), 'destination.pb.cjs');
  args[args.indexOf('-o') + 1] = out;
  execFileSync(process.execPath, [resolve('protobufjs-cli/bin/pbjs'), ...args], { cwd: ROOT });
  t.equal(fs.readFileSync(out, 'utf8'), fs.readFileSync(path.join(GEN, 'destination.pb.cjs'), 'utf8'), 'run `npm run gen:proto` after changing the .proto');
});

t.test('the TypeScript types are what proto-loader-gen-types generates from the .proto today', async (t) => {
  const args = argsOf('proto-loader-gen-types');
  if (!args) return t.fail('gen:proto no longer runs proto-loader-gen-types: update this test with it');
  const out = tempDir(t, 'weft-gen-');
  const i = args.findIndex((a) => a.startsWith('--outDir='));
  args[i] = `--outDir=${out}`;
  execFileSync(process.execPath, [resolve('@grpc/proto-loader/build/bin/proto-loader-gen-types.js'), ...args], { cwd: ROOT });
  const generated = files(out);
  t.same(files(GEN).filter((f) => f.endsWith('.ts')), generated, 'the same files');
  for (const f of generated) t.equal(fs.readFileSync(path.join(GEN, f), 'utf8'), fs.readFileSync(path.join(out, f), 'utf8'), `${f}: run \`npm run gen:proto\` after changing the .proto`);
});
