// The demo's load generator (`weft demo load`, hidden): a steady request rate to web
// through its own sidecar, until stopped or --duration ends.
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import { onShutdown } from '../lib/lifecycle.ts';
import { createLogger } from '../lib/log.ts';
import { HTTP_PORT, serviceAuthority } from './topology.ts';

export interface LoadOptions {
  /** The load generator's sidecar outbound address. */
  via: string;
  rate: number;
  durationMs?: number;
  logLevel: string;
}

export async function runLoad(opts: LoadOptions): Promise<void> {
  const log = createLogger('demo-load', opts.logLevel);
  const pool = new Pool(`http://${opts.via}`, { connections: 64 });
  const stop = new AbortController();
  onShutdown(log, async () => {
    stop.abort();
    await pool.close();
  });
  const host = serviceAuthority('web', HTTP_PORT);
  const started = Date.now();
  const counts = { ok: 0, failed: 0 };
  let inFlight = 0;
  log.info({ via: opts.via, rate: opts.rate }, 'load started');
  // Open loop: request i starts at started + i/rate, whatever earlier ones are doing
  // (capped in flight, so a stuck mesh is not buried under requests).
  for (let i = 0; !stop.signal.aborted; i++) {
    if (opts.durationMs !== undefined && Date.now() - started >= opts.durationMs) break;
    const wait = started + (i * 1000) / opts.rate - Date.now();
    if (wait > 0) await sleep(wait, undefined, { signal: stop.signal }).catch(() => {});
    if (stop.signal.aborted || inFlight >= 256) continue;
    inFlight++;
    pool
      .request({ path: `/item/${i % 100}`, method: 'GET', headers: { host }, signal: stop.signal })
      .then(async (r) => {
        await r.body.dump();
        counts[r.statusCode < 500 ? 'ok' : 'failed']++;
      })
      .catch(() => counts.failed++)
      .finally(() => inFlight--);
  }
  log.info(counts, 'load finished');
  if (!stop.signal.aborted) await pool.close();
}
