// Reads the Prometheus text format back into series, for tests and the benchmark.

export interface Series {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parseSeries(text: string): Series[] {
  const out: Series[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = LINE.exec(line);
    if (!m?.[1] || m[3] === undefined) throw new Error(`unparseable exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(LABEL)) labels[l[1] as string] = (l[2] as string).replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1');
    const v = m[3] === '+Inf' ? Infinity : m[3] === '-Inf' ? -Infinity : Number(m[3]);
    out.push({ name: m[1], labels, value: v });
  }
  return out;
}

/** "name{a="1",b="2"}" with labels sorted: a key that ignores label order. */
export function seriesKey(s: Pick<Series, 'name' | 'labels'>): string {
  const labels = Object.keys(s.labels).sort().map((k) => `${k}="${s.labels[k]}"`);
  return `${s.name}{${labels.join(',')}}`;
}

export function seriesMap(text: string): Map<string, number> {
  return new Map(parseSeries(text).map((s) => [seriesKey(s), s.value]));
}

/** The one series of `name` whose labels include `match`, or undefined. */
export function findSeries(text: string, name: string, match: Record<string, string> = {}): Series[] {
  return parseSeries(text).filter((s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v));
}
