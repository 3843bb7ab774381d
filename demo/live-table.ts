// The terminal view: `weft stat`'s table over every sidecar's /metrics, refreshed every
// interval, with what the demo is doing and how to act on it.
import { errorMessage, WeftError } from '../lib/errors.ts';
import { proxiesReader, type StatReader } from '../cli/stat/reader.ts';
import { renderTable } from '../cli/stat/table.ts';

export interface TableView {
  /** Lines above the table (what runs, the split, the load). */
  header: () => string[];
  /** Lines below it (URLs, actions, recent events). */
  footer: () => string[];
}

export class LiveTable {
  private reader: StatReader;
  private readonly intervalMs: number;
  private readonly tty: boolean;
  private readonly out: NodeJS.WritableStream;
  private readonly view: TableView;

  constructor(targets: string[], intervalMs: number, out: NodeJS.WritableStream & { isTTY?: boolean }, view: TableView) {
    this.intervalMs = intervalMs;
    this.reader = proxiesReader(targets, 'outbound', intervalMs, Math.min(1_500, intervalMs));
    this.tty = Boolean(out.isTTY);
    this.out = out;
    this.view = view;
  }

  /** After a replica is gone its sidecar is no longer scraped (a fresh window starts). */
  retarget(targets: string[]): void {
    this.reader = proxiesReader(targets, 'outbound', this.intervalMs, Math.min(1_500, this.intervalMs));
  }

  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const started = Date.now();
      let body: string;
      try {
        const result = await this.reader.read(signal);
        body = renderTable(result.stats) + result.problems.map((p) => `! ${p.message} [${p.code}]\n`).join('');
      } catch (err) {
        if (signal.aborted) break;
        body = `! ${errorMessage(err)}${err instanceof WeftError ? ` [${err.code}]` : ''}\n`;
      }
      if (signal.aborted) break;
      const text = [...this.view.header(), '', body.trimEnd(), '', ...this.view.footer()].join('\n');
      // On a terminal the table is redrawn in place; piped, each refresh is a new block.
      this.out.write(this.tty ? `\x1b[H\x1b[2J${text}\n` : `${text}\n\n`);
      const wait = this.intervalMs - (Date.now() - started);
      if (wait > 0) await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
    }
  }
}
