// Every error code declared anywhere must be documented in the README's error table.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import t from 'tap';
import { errorCodes, defineError, WeftError } from '../../lib/errors.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'gen' ? [] : sources(rel);
    return e.name.endsWith('.ts') ? [rel] : [];
  });
}

t.test('every error code is in the README', async (t) => {
  const declaring = ['lib', 'cli', 'control', 'proxy', 'exporter', 'demo']
    .flatMap((d) => { try { return sources(d); } catch { return []; } })
    .filter((f) => readFileSync(path.join(root, f), 'utf8').includes('defineError('));
  t.ok(declaring.length > 0);
  for (const f of declaring) await import(pathToFileURL(path.join(root, f)).href);
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const documented = new Set([...readme.matchAll(/^\| `(WEFT_[A-Z0-9_]+)` \|/gm)].map((m) => m[1]));
  t.ok(errorCodes().size >= 5);
  for (const code of errorCodes().keys()) t.ok(documented.has(code), `${code} is documented in README.md`);
  for (const code of documented) t.ok(errorCodes().has(code!), `${code} in README.md is still defined`);
});

t.test('an error class carries its code and details', async (t) => {
  const E = defineError('WEFT_TEST_ONLY', 'test');
  const e = new E('boom', { file: 'x' });
  t.type(e, WeftError);
  t.equal(e.code, 'WEFT_TEST_ONLY');
  t.same(e.details, { file: 'x' });
  t.throws(() => defineError('WEFT_TEST_ONLY', 'again'), /defined twice/);
});
