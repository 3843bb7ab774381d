import { ParseError } from './errors.ts';

// Small helpers shared by the pure parsers: they throw ParseError naming the file.

export function num(text: string | undefined, file: string, what = 'value'): number {
  const v = text === undefined ? NaN : Number(text);
  if (text === undefined || text === '' || Number.isNaN(v)) {
    throw new ParseError(`${file}: ${what} "${text ?? ''}" is not a number`, { file });
  }
  return v;
}

export function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}

export function fields(line: string): string[] {
  return line.trim().split(/\s+/);
}

/** "key value" lines (memory.stat, cpu.stat, vmstat) into a map. */
export function keyValues(text: string, file: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of lines(text)) {
    const [key, value, extra] = fields(line);
    if (key === undefined || extra !== undefined) throw new ParseError(`${file}: malformed line "${line}"`, { file });
    out.set(key, num(value, file, key));
  }
  return out;
}
