// Golden signals per service from two scrapes of each proxy's /metrics, as Prometheus's
// rate() and histogram_quantile() would compute them over the time between the scrapes.
import type { Sample } from './exposition.ts';

export type Direction = 'inbound' | 'outbound';

export interface ServiceStats {
  namespace: string;
  service: string;
  /** Share of requests classified success; undefined when there were no requests. */
  successRate: number | undefined;
  /** Requests per second. */
  rps: number;
  /** Latency quantiles in seconds; undefined when no request completed. */
  p50: number | undefined;
  p95: number | undefined;
  p99: number | undefined;
  /** TCP connections open at the end of the window. */
  tcpOpen: number;
}

/** One proxy's /metrics at one moment. */
export interface Scrape {
  source: string;
  atMs: number;
  samples: Sample[];
}

export interface Bucket {
  le: number;
  /** Cumulative count of observations ≤ le. */
  count: number;
}

/**
 * The q-quantile of a cumulative histogram, interpolating linearly inside the bucket it
 * falls in, as Prometheus's histogram_quantile does: in the +Inf bucket it answers the
 * highest finite bound; undefined when the histogram is empty.
 */
export function histogramQuantile(q: number, buckets: Bucket[]): number | undefined {
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  const total = sorted.at(-1)?.count ?? 0;
  if (total <= 0 || sorted.at(-1)?.le !== Infinity) return undefined;
  const rank = q * total;
  let prev: Bucket = { le: 0, count: 0 };
  for (const b of sorted) {
    if (b.count >= rank) {
      if (b.le === Infinity) return prev.le;
      if (b.count === prev.count) return b.le;
      const start = prev.le > b.le ? 0 : prev.le;
      return start + (b.le - start) * ((rank - prev.count) / (b.count - prev.count));
    }
    prev = b;
  }
  return prev.le;
}

function seriesKey(s: Sample): string {
  return `${s.name}${JSON.stringify(Object.entries(s.labels).sort(([a], [b]) => (a < b ? -1 : 1)))}`;
}

interface Acc {
  requests: number;
  success: number;
  buckets: Map<number, number>;
  tcpOpen: number;
}

/**
 * Per-service stats of one direction. A counter that went down between the scrapes was
 * reset (the proxy restarted), so all of its new value counts, as in Prometheus; a series
 * new in `after` counts whole, since it was created inside the window.
 */
export function statsFromScrapes(before: Scrape[], after: Scrape[], direction: Direction): ServiceStats[] {
  const services = new Map<string, Acc>();
  const acc = (labels: Record<string, string>): Acc | undefined => {
    if (labels.direction !== direction) return undefined;
    const key = `${labels.dst_namespace ?? ''}/${labels.dst_service ?? ''}`;
    let a = services.get(key);
    if (!a) services.set(key, (a = { requests: 0, success: 0, buckets: new Map(), tcpOpen: 0 }));
    return a;
  };
  for (const now of after) {
    const then = before.find((b) => b.source === now.source);
    const seconds = then ? (now.atMs - then.atMs) / 1000 : 0;
    const previous = new Map((then?.samples ?? []).map((s) => [seriesKey(s), s.value]));
    const increase = (s: Sample) => {
      const old = previous.get(seriesKey(s)) ?? 0;
      return s.value >= old ? s.value - old : s.value;
    };
    for (const s of now.samples) {
      if (s.name === 'weft_tcp_open_connections') {
        const a = acc(s.labels);
        if (a) a.tcpOpen += s.value;
        continue;
      }
      // A proxy seen once has no window yet: its counters say nothing about a rate.
      if (seconds <= 0) continue;
      if (s.name === 'weft_requests_total') {
        const a = acc(s.labels);
        if (!a) continue;
        const inc = increase(s) / seconds;
        a.requests += inc;
        if (s.labels.classification === 'success') a.success += inc;
      } else if (s.name === 'weft_request_duration_seconds_bucket') {
        const a = acc(s.labels);
        const le = Number(s.labels.le === '+Inf' ? Infinity : s.labels.le);
        if (a && !Number.isNaN(le)) a.buckets.set(le, (a.buckets.get(le) ?? 0) + increase(s));
      }
    }
  }
  return [...services.entries()]
    .map(([key, a]) => {
      const [namespace = '', service = ''] = key.split('/');
      const buckets = [...a.buckets].map(([le, count]) => ({ le, count }));
      return {
        namespace,
        service,
        successRate: a.requests > 0 ? a.success / a.requests : undefined,
        rps: a.requests,
        p50: histogramQuantile(0.5, buckets),
        p95: histogramQuantile(0.95, buckets),
        p99: histogramQuantile(0.99, buckets),
        tcpOpen: a.tcpOpen,
      };
    })
    .sort(byService);
}

export function byService(a: ServiceStats, b: ServiceStats): number {
  return a.namespace === b.namespace ? (a.service < b.service ? -1 : a.service > b.service ? 1 : 0) : a.namespace < b.namespace ? -1 : 1;
}
