// Reading the same stats from Prometheus, through its HTTP API.
import { defineError } from '../../lib/errors.ts';
import { fetchCause } from './source-proxies.ts';
import { byService, type Direction, type ServiceStats } from './stats.ts';

export const PrometheusQueryError = defineError('WEFT_PROMETHEUS_QUERY', 'Prometheus cannot be reached, or refused a query (the message carries its error).');

interface VectorResponse {
  status: 'success' | 'error';
  error?: string;
  data?: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] };
}

/** Runs one instant query at `timeS`; answers value by `dst_namespace/dst_service`. */
export async function instantQuery(baseUrl: string, query: string, timeS: number, timeoutMs: number): Promise<Map<string, number>> {
  const url = new URL('api/v1/query', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  url.searchParams.set('query', query);
  url.searchParams.set('time', timeS.toFixed(3));
  let body: VectorResponse;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    try {
      body = JSON.parse(text) as VectorResponse;
    } catch {
      throw new Error(`HTTP ${res.status}, not a Prometheus API response: ${text.slice(0, 200)}`);
    }
  } catch (err) {
    const cause = fetchCause(err, timeoutMs);
    throw new PrometheusQueryError(`cannot query ${url.origin}: ${cause}`, { url: url.href }, { cause: err });
  }
  if (body.status !== 'success' || body.data?.resultType !== 'vector') {
    throw new PrometheusQueryError(`Prometheus refused ${query}: ${body.error ?? `result type ${body.data?.resultType}`}`, { query });
  }
  return new Map(body.data.result.map((r) => [`${r.metric.dst_namespace ?? ''}/${r.metric.dst_service ?? ''}`, Number(r.value[1])]));
}

/** The PromQL behind each column; `window` is a Prometheus duration such as `1m`. */
export function statQueries(direction: Direction, window: string): Record<'requests' | 'success' | 'p50' | 'p95' | 'p99' | 'tcpOpen', string> {
  const sel = `direction="${direction}"`;
  const by = 'dst_namespace, dst_service';
  const q = (x: number) => `histogram_quantile(${x}, sum by (le, ${by}) (rate(weft_request_duration_seconds_bucket{${sel}}[${window}])))`;
  return {
    requests: `sum by (${by}) (rate(weft_requests_total{${sel}}[${window}]))`,
    success: `sum by (${by}) (rate(weft_requests_total{${sel}, classification="success"}[${window}]))`,
    p50: q(0.5),
    p95: q(0.95),
    p99: q(0.99),
    tcpOpen: `sum by (${by}) (weft_tcp_open_connections{${sel}})`,
  };
}

export async function statsFromPrometheus(baseUrl: string, direction: Direction, window: string, timeoutMs: number): Promise<ServiceStats[]> {
  const queries = statQueries(direction, window);
  const names = Object.keys(queries) as (keyof typeof queries)[];
  // One evaluation time for all columns, or a scrape landing between two queries would
  // make the success rate and the request rate disagree.
  const timeS = Date.now() / 1000;
  const results = await Promise.all(names.map((n) => instantQuery(baseUrl, queries[n], timeS, timeoutMs)));
  const r = Object.fromEntries(names.map((n, i) => [n, results[i]!])) as Record<keyof typeof queries, Map<string, number>>;
  const finite = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? undefined : v);
  const keys = new Set([...r.requests.keys(), ...r.tcpOpen.keys()]);
  return [...keys]
    .map((key) => {
      const [namespace = '', service = ''] = key.split('/');
      const rps = r.requests.get(key) ?? 0;
      return {
        namespace,
        service,
        successRate: rps > 0 ? (r.success.get(key) ?? 0) / rps : undefined,
        rps,
        p50: finite(r.p50.get(key)),
        p95: finite(r.p95.get(key)),
        p99: finite(r.p99.get(key)),
        tcpOpen: r.tcpOpen.get(key) ?? 0,
      };
    })
    .sort(byService);
}
