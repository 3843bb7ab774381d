// Reading proxies' /metrics directly: no Prometheus needed.
import { defineError, errorMessage, WeftError } from '../../lib/errors.ts';
import { MetricsParseError, parseExposition } from './exposition.ts';
import type { Scrape } from './stats.ts';

export const ScrapeError = defineError('WEFT_SCRAPE_FAILED', "A proxy's /metrics cannot be read (refused, timed out, or not HTTP 200).");

/** Why a fetch() failed: undici keeps the socket error (ECONNREFUSED, …) in `cause`. */
export function fetchCause(err: unknown, timeoutMs: number): string {
  if ((err as { name?: string }).name === 'TimeoutError') return `no answer within ${timeoutMs}ms`;
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? errorMessage(err);
}

/** `host:port` or a URL → the /metrics URL to fetch. */
export function metricsUrl(target: string): string {
  const base = /^https?:\/\//.test(target) ? target : `http://${target}`;
  const url = new URL(base);
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/metrics';
  return url.href;
}

export async function scrapeProxy(target: string, timeoutMs: number): Promise<Scrape> {
  const url = metricsUrl(target);
  let text: string;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    text = await res.text();
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
  } catch (err) {
    const cause = fetchCause(err, timeoutMs);
    throw new ScrapeError(`cannot read ${url}: ${cause}`, { target }, { cause: err });
  }
  const atMs = Date.now();
  try {
    return { source: target, atMs, samples: parseExposition(text) };
  } catch (err) {
    throw new MetricsParseError(`${url}: ${errorMessage(err)}`, { target }, { cause: err });
  }
}

export interface ScrapeRound {
  scrapes: Scrape[];
  /** Proxies that could not be read this time, with why. */
  failures: WeftError[];
}

/** Scrapes every proxy at once; one failing proxy does not hide the others. */
export async function scrapeAll(targets: string[], timeoutMs: number): Promise<ScrapeRound> {
  const results = await Promise.allSettled(targets.map((t) => scrapeProxy(t, timeoutMs)));
  const round: ScrapeRound = { scrapes: [], failures: [] };
  for (const [i, r] of results.entries()) {
    if (r.status === 'fulfilled') round.scrapes.push(r.value);
    else round.failures.push(r.reason instanceof WeftError ? r.reason : new ScrapeError(`${targets[i]}: ${errorMessage(r.reason)}`, { target: targets[i] }));
  }
  return round;
}
