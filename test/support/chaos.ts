// The chaos suite's pieces: a control plane fed by a manifests folder, one proxy, and a
// steady in-test load bounded in time and in request count.
import http from 'node:http';
import type { Test } from 'tap';
import { Agent, request } from 'undici';
import type { ProxyConfig, RunningProxy } from '../../proxy/proxy.ts';
import { startTestControl, tempDir } from './control.ts';
import { destinationClient } from './destination-client.ts';
import { controlServes } from './mesh.ts';
import { testProxy } from './proxy.ts';
import { listenOn } from './servers.ts';

export interface LoadResult {
  sent: number;
  failed: number;
  /** Response body (endpoint name) or "status N" / the error code → count. */
  outcomes: Record<string, number>;
  latenciesMs: number[];
}

/** `call` from `concurrency` workers until stopped or `max` calls are made. */
export class LoadLoop {
  readonly result: LoadResult = { sent: 0, failed: 0, outcomes: {}, latenciesMs: [] };
  private stopped = false;
  private readonly done: Promise<void>;

  /** `call` resolves with the outcome's key (endpoint name, or what went wrong) and whether it failed. */
  constructor(call: () => Promise<{ key: string; failed: boolean }>, opts: { concurrency?: number; max?: number }) {
    const max = opts.max ?? 5_000;
    const worker = async () => {
      while (!this.stopped && this.result.sent < max) {
        this.result.sent++;
        const t0 = performance.now();
        const { key, failed } = await call();
        this.result.latenciesMs.push(performance.now() - t0);
        if (failed) this.result.failed++;
        this.result.outcomes[key] = (this.result.outcomes[key] ?? 0) + 1;
      }
    };
    this.done = Promise.all(Array.from({ length: opts.concurrency ?? 4 }, worker)).then(() => {});
  }

  get sent(): number {
    return this.result.sent;
  }

  /** Lets in-flight calls finish; resolves with the totals. */
  async stop(): Promise<LoadResult> {
    this.stopped = true;
    await this.done;
    return this.result;
  }
}

/** HTTP/1.1 requests through the proxy. */
export class Load extends LoadLoop {
  constructor(port: number, host: string, opts: { agent: Agent; concurrency?: number; max?: number; method?: string; body?: string }) {
    super(async () => {
      let key: string;
      try {
        const r = await request(`http://127.0.0.1:${port}/`, { method: (opts.method ?? 'GET') as 'GET', body: opts.body, headers: { host }, dispatcher: opts.agent });
        const text = await r.body.text();
        key = r.statusCode === 200 ? text : `status ${r.statusCode} ${String(r.headers['weft-error'] ?? '')}`.trim();
      } catch (err) {
        key = (err as { code?: string }).code ?? 'error';
      }
      return { key, failed: key.startsWith('status') || key === 'error' || key.startsWith('UND_') || key.startsWith('E') };
    }, opts);
  }
}

export function successRate(r: LoadResult): number {
  return r.sent === 0 ? 0 : (r.sent - r.failed) / r.sent;
}

export function p99(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.99))]!;
}

/** Control + proxy + a watcher to wait on control's view; all closed at teardown. */
export async function chaosMesh(t: Test, over: Partial<ProxyConfig> = {}) {
  const dir = tempDir(t);
  const control = await startTestControl(t, dir);
  const proxy: RunningProxy = await testProxy(control.grpcTarget, over);
  const agent = new Agent({ connections: 16 });
  const watcher = destinationClient(control.grpcTarget);
  t.teardown(async () => {
    watcher.close();
    await agent.close();
    await proxy.close();
  });
  return {
    dir,
    control,
    proxy,
    agent,
    serves: (authority: string, ok: Parameters<typeof controlServes>[2]) => controlServes(watcher, authority, ok),
    load: (host: string, opts: { concurrency?: number; max?: number; method?: string; body?: string } = {}) => new Load(proxy.outbound.port, host, { agent, ...opts }),
  };
}

/** An upstream that answers `status` (with its name) to everything. */
export function statusServer(name: string, host: string, status: number) {
  return listenOn(
    http.createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(status).end(name));
    }),
    host,
  );
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
