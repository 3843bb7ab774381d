import type { Labels, MetricFamily } from './metrics.ts';

// The Prometheus text format (0.0.4), written directly: at ~10k series per scrape this is
// several times cheaper than building prom-client metric objects (see README, Performance).

export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const escapeHelp = (s: string) => s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
const NEEDS_ESCAPE = /[\\\n"]/;
const escapeLabel = (s: string) =>
  NEEDS_ESCAPE.test(s) ? s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"') : s;

export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

function formatLabels(labels: Labels | undefined, cache: WeakMap<Labels, string>): string {
  if (!labels) return '';
  const cached = cache.get(labels);
  if (cached !== undefined) return cached;
  let out = '';
  for (const key in labels) {
    out += `${out ? ',' : ''}${key}="${escapeLabel(labels[key] as string)}"`;
  }
  const text = out ? `{${out}}` : '';
  cache.set(labels, text);
  return text;
}

/** Families with no samples are left out, as client_golang does. */
export function render(families: readonly MetricFamily[]): string {
  const parts: string[] = [];
  // A container's labels object is shared by its ~30 series: format it once.
  const cache = new WeakMap<Labels, string>();
  for (const f of families) {
    if (f.samples.length === 0) continue;
    parts.push(`# HELP ${f.name} ${escapeHelp(f.help)}\n# TYPE ${f.name} ${f.type}\n`);
    for (const s of f.samples) parts.push(`${f.name}${formatLabels(s.labels, cache)} ${formatValue(s.value)}\n`);
  }
  return parts.join('');
}

/**
 * Merges families that share a name (two collectors may add to one family, e.g. per-pod
 * network and per-container cpu) and sorts by name so output is stable across scrapes.
 */
export function mergeFamilies(families: readonly MetricFamily[]): MetricFamily[] {
  const byName = new Map<string, MetricFamily>();
  for (const f of families) {
    const seen = byName.get(f.name);
    if (seen) seen.samples.push(...f.samples);
    else byName.set(f.name, { ...f, samples: [...f.samples] });
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
