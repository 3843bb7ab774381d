// What can be checked of the image without a Docker engine: the Dockerfile's COPY
// sources exist, .dockerignore and the build let through everything `weft` loads, and
// the Dockerfile's steps — `npm run build`, then `npm ci --omit=dev` — give an
// entrypoint that runs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { parse } from 'yaml';
import { imageEnv } from '../support/image-env.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
const allowed = fs
  .readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')
  .split('\n')
  .filter((l) => l.startsWith('!'))
  .map((l) => l.slice(1).replace(/\/$/, ''));
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; scripts: Record<string, string> };
const ENTRY = 'cli/entry.ts';
const compiled = (parse(fs.readFileSync(path.join(ROOT, 'tsconfig.build.json'), 'utf8')) as { include: string[] }).include;

const inContext = (file: string) => allowed.some((a) => file === a || file.startsWith(`${a}/`));

t.test('the Dockerfile: build, production install, weft entrypoint, not root', async (t) => {
  const copies = [...dockerfile.matchAll(/^COPY (?!--from)(.+)$/gm)].map((m) => m[1]!.split(/\s+/).slice(0, -1)).flat();
  t.ok(copies.length >= 2);
  for (const src of copies) {
    t.ok(fs.existsSync(path.join(ROOT, src)), `COPY ${src}: exists`);
    if (src !== '.') t.ok(inContext(src), `COPY ${src}: not excluded by .dockerignore`);
  }
  t.equal([...dockerfile.matchAll(/^FROM node:24/gm)].length, 3, 'three stages on Node.js 24');
  t.match(dockerfile, /^RUN npm run build$/m);
  t.match(dockerfile, /^RUN npm ci --omit=dev/m);
  t.match(dockerfile, /^ENTRYPOINT \["node", "\/app\/dist\/cli\/entry\.js"\]$/m, 'the compiled cli/entry.ts');
  t.match(pkg.scripts.build, /tsc -p tsconfig\.build\.json/);
  t.match(dockerfile, /^USER [1-9]\d*:[1-9]\d*$/m, 'a numeric non-root user (runAsNonRoot can check it)');
  t.match(imageEnv(dockerfile).NODE_OPTIONS, /(^| )--no-node-snapshot( |$)/, 'Node without its start-up snapshot (≈ 4 MB less RSS per sidecar)');
});

/** Every file and package that `weft` can load, following relative imports from its entry. */
function importGraph(): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = [ENTRY];
  for (let i = 0; i < queue.length && i < 10_000; i++) {
    const file = queue[i]!;
    if (files.has(file)) continue;
    files.add(file);
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    for (const m of text.matchAll(/(?:^import (?!type )[^'"]*?from |^export [^'"]*? from |^import |import\()\s*'([^']+)'/gm)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) queue.push(path.relative(ROOT, path.resolve(ROOT, path.dirname(file), spec)));
      else if (!spec.startsWith('node:')) packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  }
  return { files, packages };
}

t.test('.dockerignore and the build take everything weft loads; every package it imports is a dependency', async (t) => {
  const { files, packages } = importGraph();
  t.ok(files.size > 20, `${files.size} files reachable from ${ENTRY}`);
  for (const f of files) t.ok(inContext(f) && compiled.some((dir) => f.startsWith(`${dir}/`)), `${f} is in the context and compiled`);
  t.ok(packages.has('fast-json-patch') && packages.has('commander'));
  for (const p of packages) t.ok(pkg.dependencies[p], `${p} is in dependencies, so npm ci --omit=dev installs it`);
});

t.test("the Dockerfile's steps give a working entrypoint", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-image-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const entry of allowed) {
    if (fs.existsSync(path.join(ROOT, entry))) fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  }
  // Build stage: the dev dependencies (this checkout's), then `npm run build`.
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  const build = spawnSync('npm', ['run', 'build'], { cwd: dir, encoding: 'utf8', timeout: 600_000 });
  t.equal(build.status, 0, `npm run build: ${build.stdout}${build.stderr}`);
  fs.rmSync(path.join(dir, 'node_modules'));
  // Final image: package.json, the production dependencies and dist/ — nothing else.
  for (const entry of allowed) if (entry !== 'package.json' && entry !== 'package-lock.json') fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
  const install = spawnSync('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund'], { cwd: dir, encoding: 'utf8', timeout: 600_000 });
  t.equal(install.status, 0, `npm ci --omit=dev: ${install.stderr}`);
  t.notOk(fs.existsSync(path.join(dir, 'node_modules/typescript')), 'no devDependencies in the image');

  // With the image's environment: Node refuses to start if NODE_OPTIONS holds a flag it does
  // not allow there.
  const env = { ...process.env, ...imageEnv(dockerfile) };
  const weft = (args: string[], input?: string) => spawnSync(process.execPath, [path.join(dir, 'dist/cli/entry.js'), ...args], { cwd: os.tmpdir(), env, input, encoding: 'utf8', timeout: 60_000 });
  const help = weft(['--help']);
  t.equal(help.status, 0, help.stderr);
  for (const cmd of ['control', 'proxy', 'exporter', 'inject', 'init-iptables']) t.match(help.stdout, new RegExp(`^  ${cmd}\\b`, 'm'), `weft ${cmd} is there`);
  const inject = weft(['inject'], fs.readFileSync(path.join(ROOT, 'test/fixtures/inject/deployment/input.yaml'), 'utf8'));
  t.equal(inject.status, 0, inject.stderr);
  t.match(inject.stdout, /name: weft-proxy/);
  t.equal(weft(['init-iptables', '--dry-run']).status, 0);
  t.equal(weft(['control', '--help']).status, 0, 'control loads');
});
