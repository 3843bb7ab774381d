// The table of `weft stat` (and of `weft demo`), in the layout of `linkerd viz stat`.
import type { ServiceStats } from './stats.ts';

const HEADERS = ['NAMESPACE', 'SERVICE', 'SUCCESS', 'RPS', 'LATENCY_P50', 'LATENCY_P95', 'LATENCY_P99', 'TCP_CONN'] as const;
const LEFT = 2; // NAMESPACE and SERVICE are text; the rest are numbers, aligned right.

export function formatLatency(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '-';
  const ms = seconds * 1000;
  if (ms < 10) return `${Number(ms.toFixed(1))}ms`;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  return `${Number(seconds.toFixed(2))}s`;
}

export function formatRow(s: ServiceStats): string[] {
  return [
    s.namespace || '-',
    s.service || '-',
    s.successRate === undefined ? '-' : `${(s.successRate * 100).toFixed(2)}%`,
    `${s.rps.toFixed(1)}rps`,
    formatLatency(s.p50),
    formatLatency(s.p95),
    formatLatency(s.p99),
    String(Math.round(s.tcpOpen)),
  ];
}

/** The stats as an aligned text table, one line per service; a note when there are none. */
export function renderTable(stats: ServiceStats[]): string {
  if (stats.length === 0) return 'No traffic found.\n';
  const rows = [[...HEADERS], ...stats.map(formatRow)];
  const widths = HEADERS.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows
    .map((r) => r.map((cell, c) => (c < LEFT ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('   ').trimEnd())
    .join('\n')
    .concat('\n');
}
