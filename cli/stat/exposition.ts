// The Prometheus text exposition format (version 0.0.4, and OpenMetrics' `# EOF`), as
// served on every weft /metrics: text in, samples out.
//
// A small parser of our own: the npm parsers for this format are unmaintained, and weft
// only needs the sample lines (HELP and TYPE are skipped).
import { defineError } from '../../lib/errors.ts';

export const MetricsParseError = defineError('WEFT_METRICS_PARSE', 'A /metrics response is not valid Prometheus text exposition format.');

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

function parseValue(text: string): number {
  // Case-insensitive, as Prometheus's own parser (Go's ParseFloat): prom-client writes `Nan`.
  const lower = text.toLowerCase();
  if (lower === '+inf' || lower === 'inf') return Infinity;
  if (lower === '-inf') return -Infinity;
  if (lower === 'nan') return NaN;
  const v = Number(text);
  if (text === '' || Number.isNaN(v)) throw new Error(`invalid value "${text}"`);
  return v;
}

/** Reads `{a="x",b="y"}` from the start of `text`; returns the labels and what follows. */
function parseLabels(text: string): { labels: Record<string, string>; rest: string } {
  const labels: Record<string, string> = {};
  let i = 1;
  for (;;) {
    while (text[i] === ' ' || text[i] === ',') i++;
    if (text[i] === '}') return { labels, rest: text.slice(i + 1) };
    const name = LABEL_NAME.exec(text.slice(i))?.[0];
    if (!name) throw new Error(`invalid label name at column ${i + 1}`);
    i += name.length;
    const eq = /^ *= *"/.exec(text.slice(i))?.[0];
    if (!eq) throw new Error(`expected ="…" after label ${name}`);
    i += eq.length;
    let value = '';
    for (;;) {
      const c = text[i];
      if (c === undefined) throw new Error(`unterminated value of label ${name}`);
      i++;
      if (c === '"') break;
      if (c === '\\') {
        const e = text[i++];
        value += e === 'n' ? '\n' : (e ?? '');
      } else {
        value += c;
      }
    }
    labels[name] = value;
  }
}

/** Every sample of an exposition; throws WEFT_METRICS_PARSE naming the first bad line. */
export function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  const lines = text.split('\n');
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    try {
      const name = NAME.exec(line)?.[0];
      if (!name) throw new Error('invalid metric name');
      let rest = line.slice(name.length);
      let labels: Record<string, string> = {};
      if (rest.startsWith('{')) ({ labels, rest } = parseLabels(rest));
      const fields = rest.trim().split(/\s+/);
      if (fields.length < 1 || fields.length > 2 || fields[0] === '') throw new Error('expected a value and an optional timestamp');
      samples.push({ name, labels, value: parseValue(fields[0]!) });
    } catch (err) {
      throw new MetricsParseError(`line ${index + 1}: ${(err as Error).message}: ${line.slice(0, 120)}`, { line: index + 1 });
    }
  }
  return samples;
}
