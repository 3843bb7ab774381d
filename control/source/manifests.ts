// A folder of Kubernetes manifests as a source: the embedded default for running without
// a cluster. Every *.yaml, *.yml and *.json file is read (multi-document, Lists too) and
// re-read when it changes; a file that fails keeps its last good objects in force.
import { watch, type FSWatcher } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { defineError, WeftError } from '../../lib/errors.ts';
import type { Logger } from '../../lib/log.ts';
import type { ClusterObject } from '../model/objects.ts';
import { objectKey } from '../model/objects.ts';
import { normalize, type RawObject } from './normalize.ts';
import type { Source, SourceSink } from './source.ts';

export const ManifestParseError = defineError('WEFT_MANIFEST_PARSE', 'A manifest file is not valid YAML or JSON; its last good objects stay in force.');
export const ManifestsDirError = defineError('WEFT_MANIFESTS_DIR', 'The --manifests folder cannot be read.');

const MANIFEST = /\.(ya?ml|json)$/i;

export interface FileProblem {
  document: number;
  error: WeftError;
}

export interface ParsedFile {
  objects: ClusterObject[];
  problems: FileProblem[];
  /** True when the text itself did not parse: nothing in it can be trusted. */
  unparsable: boolean;
}

function located(err: unknown, file: string, document: number): WeftError {
  if (err instanceof WeftError) {
    return new WeftError(err.code, `${file}: document ${document}: ${err.message}`, { ...err.details, file, document }, { cause: err });
  }
  return new WeftError('WEFT_INVALID_OBJECT', `${file}: document ${document}: ${String(err)}`, { file, document });
}

/** Text of one manifest file → normalized objects and the problems found. Pure. */
export function parseManifest(text: string, file: string): ParsedFile {
  const objects: ClusterObject[] = [];
  const problems: FileProblem[] = [];
  const docs = parseAllDocuments(text, { prettyErrors: true });
  if (!Array.isArray(docs)) return { objects, problems, unparsable: false };
  for (const [index, doc] of docs.entries()) {
    const first = doc.errors[0];
    if (first) {
      const line = first.linePos?.[0].line;
      problems.push({
        document: index,
        error: new ManifestParseError(`${file}: document ${index}${line ? ` (line ${line})` : ''}: ${first.message.split('\n')[0]}`, { file, document: index, line }),
      });
      return { objects: [], problems, unparsable: true };
    }
    const value: unknown = doc.toJS();
    if (value == null) continue;
    const items = isList(value) ? value.items : [value];
    for (const [i, item] of items.entries()) {
      try {
        const o = normalize(item as RawObject);
        if (o) objects.push(o);
      } catch (err) {
        const e = located(err, file, index);
        if (isList(value)) e.details.item = i;
        problems.push({ document: index, error: e });
      }
    }
  }
  return { objects, problems, unparsable: false };
}

function isList(v: unknown): v is { items: unknown[] } {
  return typeof v === 'object' && v !== null && typeof (v as RawObject).kind === 'string' && ((v as RawObject).kind as string).endsWith('List') && Array.isArray((v as RawObject).items);
}

export interface ManifestsOptions {
  dir: string;
  log: Logger;
  /** How often mtimes are compared, besides fs.watch (which misses some editors' renames). */
  pollMs?: number;
  debounceMs?: number;
}

export class ManifestsSource implements Source {
  readonly name = 'manifests';
  private readonly opts: Required<ManifestsOptions>;
  private sink: SourceSink | undefined;
  private watcher: FSWatcher | undefined;
  private poller: NodeJS.Timeout | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private readonly mtimes = new Map<string, number>();
  /** The objects in force per file: its last good parse. */
  private readonly good = new Map<string, Map<string, ClusterObject>>();
  private isSynced = false;
  private scanning: Promise<void> | undefined;
  private rescan = false;

  constructor(opts: ManifestsOptions) {
    this.opts = { pollMs: 1_000, debounceMs: 50, ...opts };
  }

  synced(): boolean {
    return this.isSynced;
  }

  async start(sink: SourceSink): Promise<void> {
    this.sink = sink;
    try {
      const st = await stat(this.opts.dir);
      if (!st.isDirectory()) throw new Error('not a directory');
    } catch (err) {
      throw new ManifestsDirError(`--manifests ${this.opts.dir}: ${(err as Error).message}`, { dir: this.opts.dir }, { cause: err });
    }
    await this.scan();
    this.isSynced = true;
    try {
      this.watcher = watch(this.opts.dir, () => this.schedule());
      this.watcher.on('error', (err) => this.opts.log.warn({ err }, 'watching the manifests folder failed; polling only'));
    } catch (err) {
      this.opts.log.warn({ err }, 'cannot watch the manifests folder; polling only');
    }
    this.poller = setInterval(() => this.schedule(), this.opts.pollMs);
    this.poller.unref();
  }

  async stop(): Promise<void> {
    this.watcher?.close();
    clearInterval(this.poller);
    clearTimeout(this.debounce);
    await this.scanning;
  }

  private schedule(): void {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.scan(), this.opts.debounceMs);
  }

  /** One scan at a time; a change during a scan triggers one more. */
  private scan(): Promise<void> {
    if (this.scanning) {
      this.rescan = true;
      return this.scanning;
    }
    this.scanning = this.scanOnce()
      .catch((err: unknown) => this.sink?.error('manifests', 'scan', err, { dir: this.opts.dir }))
      .finally(() => {
        this.scanning = undefined;
        if (this.rescan) {
          this.rescan = false;
          void this.scan();
        }
      });
    return this.scanning;
  }

  private async scanOnce(): Promise<void> {
    const sink = this.sink!;
    const names = (await readdir(this.opts.dir)).filter((n) => MANIFEST.test(n) && !n.startsWith('.')).sort();
    const present = new Set<string>();
    for (const name of names) {
      const file = path.join(this.opts.dir, name);
      let st;
      try {
        st = await stat(file);
      } catch {
        continue; // removed between readdir and stat
      }
      if (!st.isFile()) continue;
      present.add(file);
      if (this.mtimes.get(file) === st.mtimeMs) continue;
      this.mtimes.set(file, st.mtimeMs);
      this.load(file, await readFile(file, 'utf8'), sink);
    }
    for (const file of [...this.good.keys()]) {
      if (present.has(file)) continue;
      this.good.delete(file);
      this.mtimes.delete(file);
      sink.replace(`manifests:${file}`, []);
      this.opts.log.info({ file }, 'manifest file removed');
    }
  }

  private load(file: string, text: string, sink: SourceSink): void {
    const parsed = parseManifest(text, file);
    for (const p of parsed.problems) sink.error('manifests', p.error.code, p.error, { file, document: p.document, ...p.error.details });
    const last = this.good.get(file) ?? new Map<string, ClusterObject>();
    let next: Map<string, ClusterObject>;
    if (parsed.unparsable) {
      next = last;
    } else {
      next = new Map(parsed.objects.map((o) => [objectKey(o), o]));
      // An object that failed validation keeps its last good version, when it had one.
      for (const p of parsed.problems) {
        const key = keyOf(p.error.details);
        const kept = key ? last.get(key) : undefined;
        if (key && kept && !next.has(key)) next.set(key, kept);
      }
    }
    this.good.set(file, next);
    sink.replace(`manifests:${file}`, [...next.values()]);
    this.opts.log.info({ file, objects: next.size, problems: parsed.problems.length }, 'manifest file loaded');
  }
}

function keyOf(details: Record<string, unknown>): string | undefined {
  const { kind, namespace, name } = details as { kind?: unknown; namespace?: unknown; name?: unknown };
  return typeof kind === 'string' && typeof name === 'string' ? objectKey({ kind: kind as ClusterObject['kind'], namespace: typeof namespace === 'string' ? namespace : 'default', name }) : undefined;
}
