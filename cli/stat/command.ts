import { Command } from 'commander';
import { setTimeout as sleep } from 'node:timers/promises';
import { defineError, errorMessage, WeftError } from '../../lib/errors.ts';
import { flag, parseDurationMs } from '../options.ts';
import { prometheusReader, proxiesReader, type StatReader, type StatResult } from './reader.ts';
import type { Direction } from './stats.ts';
import { renderTable } from './table.ts';

export const StatUsageError = defineError('WEFT_STAT_USAGE', 'weft stat was given neither or both of --from-proxies and --prometheus, or a flag value it cannot read.');

interface StatFlags {
  fromProxies?: string;
  prometheus?: string;
  direction: Direction;
  namespace?: string;
  window?: string;
  watch?: boolean;
  interval: string;
  timeout: string;
  output: 'table' | 'json';
}

function duration(text: string, name: string): number {
  try {
    const ms = parseDurationMs(text);
    if (ms > 0) return ms;
  } catch {
    // reported below with the flag's name
  }
  throw new StatUsageError(`--${name}: invalid duration "${text}" (expected e.g. 500ms, 2s, 1m)`, { flag: name });
}

function readerFor(flags: StatFlags): { reader: StatReader; source: string } {
  if (Boolean(flags.fromProxies) === Boolean(flags.prometheus)) {
    throw new StatUsageError('give exactly one of --from-proxies <host:port,…> and --prometheus <url>');
  }
  const timeoutMs = duration(flags.timeout, 'timeout');
  if (flags.prometheus) {
    const windowMs = duration(flags.window ?? '1m', 'window');
    return { reader: prometheusReader(flags.prometheus, flags.direction, windowMs, timeoutMs), source: flags.prometheus };
  }
  const targets = flags.fromProxies!.split(',').map((s) => s.trim()).filter(Boolean);
  if (targets.length === 0) throw new StatUsageError('--from-proxies: no address given');
  const windowMs = duration(flags.window ?? '2s', 'window');
  return { reader: proxiesReader(targets, flags.direction, windowMs, timeoutMs), source: targets.join(',') };
}

function render(result: StatResult, flags: StatFlags, withProblems: boolean): string {
  const stats = flags.namespace ? result.stats.filter((s) => s.namespace === flags.namespace) : result.stats;
  if (flags.output === 'json') {
    return `${JSON.stringify({ direction: flags.direction, stats, problems: result.problems.map((p) => ({ code: p.code, message: p.message })) })}\n`;
  }
  return renderTable(stats) + (withProblems ? problemLines(result) : '');
}

function problemLines(result: StatResult): string {
  return result.problems.map((p) => `! ${p.message} [${p.code}]\n`).join('');
}

async function watch(reader: StatReader, flags: StatFlags, source: string): Promise<void> {
  const intervalMs = duration(flags.interval, 'interval');
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const tty = process.stdout.isTTY && flags.output === 'table';
  try {
    while (!stop.signal.aborted) {
      let text: string;
      try {
        text = render(await reader.read(stop.signal), flags, true);
      } catch (err) {
        if (stop.signal.aborted) break;
        text = `! ${errorMessage(err)}${err instanceof WeftError ? ` [${err.code}]` : ''}\n`;
      }
      const header = flags.output === 'table' ? `weft stat · ${flags.direction} · ${source} · ${new Date().toISOString().slice(11, 19)}\n\n` : '';
      process.stdout.write(tty ? `\x1b[H\x1b[2J${header}${text}` : `${header}${text}${flags.output === 'table' ? '\n' : ''}`);
      await sleep(intervalMs, undefined, { signal: stop.signal }).catch(() => {});
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

export function statCommand(): Command {
  return new Command('stat')
    .description('show golden metrics per service — success rate, requests/s, latency percentiles, open TCP connections — from proxies or Prometheus')
    .addOption(flag('--from-proxies <host:port,...>', "proxies' admin addresses (or /metrics URLs), comma-separated: scraped twice, --window apart"))
    .addOption(flag('--prometheus <url>', 'a Prometheus server that scrapes the proxies, e.g. http://127.0.0.1:9090'))
    .addOption(flag('--direction <direction>', "outbound: as the callers' proxies see each service; inbound: as its own proxies do", 'outbound').choices(['outbound', 'inbound']))
    .addOption(flag('--namespace <ns>', 'only services of this namespace'))
    .addOption(flag('--window <duration>', 'time the rates cover (default: 2s with --from-proxies, 1m with --prometheus)'))
    .addOption(flag('--watch', 'refresh the table every --interval until Ctrl-C'))
    .addOption(flag('--interval <duration>', 'refresh period of --watch', '2s'))
    .addOption(flag('--timeout <duration>', 'time allowed for each scrape or query', '5s'))
    .addOption(flag('-o, --output <format>', 'table, or json (one object per refresh)', 'table').choices(['table', 'json']))
    .action(async (flags: StatFlags) => {
      const { reader, source } = readerFor(flags);
      if (flags.watch) return watch(reader, flags, source);
      const result = await reader.read();
      process.stdout.write(render(result, flags, false));
      if (flags.output === 'table') process.stderr.write(problemLines(result));
      if (result.problems.length > 0) process.exitCode = 1;
    });
}
