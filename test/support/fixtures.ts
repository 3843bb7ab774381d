import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseManifest } from '../../control/source/manifests.ts';
import { ClusterStore } from '../../control/model/store.ts';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** Golden files are rewritten only when asked: WEFT_UPDATE_GOLDEN=1 npx tap <test>. */
export const UPDATE_GOLDEN = process.env.WEFT_UPDATE_GOLDEN === '1';

export function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

export function writeJson(file: string, value: unknown): void {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** A store holding the objects of one manifest fixture; throws if the fixture has problems. */
export function storeFromManifest(file: string): ClusterStore {
  const parsed = parseManifest(readFileSync(file, 'utf8'), file);
  if (parsed.problems.length > 0) throw new Error(parsed.problems.map((p) => p.error.message).join('\n'));
  const store = new ClusterStore();
  store.replace('fixture', parsed.objects, new Set());
  return store;
}
