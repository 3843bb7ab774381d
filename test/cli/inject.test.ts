// `weft inject` as a user runs it: a real process, files and stdin.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { parseAllDocuments } from 'yaml';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURES = path.join(ROOT, 'test/fixtures/inject');

function weft(args: string[], input?: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/weft.js'), ...args], { input, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const docs = (text: string) => parseAllDocuments(text).map((d) => d.toJS());

t.test('injects a multi-document file and says what it did', async (t) => {
  const r = weft(['inject', '-f', path.join(FIXTURES, 'multi-document/input.yaml')]);
  t.equal(r.status, 0);
  t.same(docs(r.stdout), docs(fs.readFileSync(path.join(FIXTURES, 'multi-document/output.yaml'), 'utf8')));
  t.match(r.stdout, /^# web and its service/, 'an unchanged document keeps its comments');
  t.equal(r.stderr, 'deployment/web injected\npod/debug skipped (disabled)\n');
});

t.test('reads stdin, and its own output comes back unchanged', async (t) => {
  const first = weft(['inject'], fs.readFileSync(path.join(FIXTURES, 'cronjob/input.yaml'), 'utf8'));
  t.equal(first.status, 0);
  const second = weft(['inject', '-f', '-'], first.stdout);
  t.same(docs(second.stdout), docs(first.stdout));
  t.equal(second.stderr, 'cronjob/nightly skipped (already-injected)\n');
});

t.test('sidecar flags and their environment variables shape the sidecar', async (t) => {
  const input = fs.readFileSync(path.join(FIXTURES, 'pod/input.yaml'), 'utf8');
  const r = weft(['inject', '--proxy-image', 'registry.example/weft:1.2', '--proxy-native-sidecar', 'false'], input, { WEFT_PROXY_MEMORY_LIMIT: '512Mi' });
  t.equal(r.status, 0);
  const [pod] = docs(r.stdout) as { spec: { containers: { name: string; image: string; resources: { limits: { memory: string } } }[] } }[];
  const proxy = pod?.spec.containers.find((c) => c.name === 'weft-proxy');
  t.equal(proxy?.image, 'registry.example/weft:1.2');
  t.equal(proxy?.resources.limits.memory, '512Mi');
});

t.test('bad input is a clear error with a code', async (t) => {
  const missing = weft(['inject', '-f', path.join(os.tmpdir(), 'weft-no-such-file.yaml')]);
  t.equal(missing.status, 2);
  t.match(missing.stderr, /cannot read .*weft-no-such-file\.yaml.*\[WEFT_INJECT_INPUT\]/);
  const garbled = weft(['inject'], 'kind: Pod\nmetadata: {name: [\n');
  t.equal(garbled.status, 2);
  t.match(garbled.stderr, /stdin: document 1: .*\[WEFT_INJECT_INPUT\]/);
  t.equal(garbled.stdout, '', 'nothing half-written');
  const badQuantity = weft(['inject', '--proxy-cpu-request', 'lots'], 'kind: Pod\n');
  t.equal(badQuantity.status, 2);
  t.match(badQuantity.stderr, /cpuRequest="lots": not a Kubernetes quantity .*\[WEFT_INVALID_INJECTOR_CONFIG\]/);
});
