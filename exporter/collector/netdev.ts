import { family, type MetricFamily } from '../metrics.ts';
import { ParseError } from '../errors.ts';
import { fields, lines, num } from '../parse.ts';
import { readText } from '../paths.ts';
import type { Collector } from './collector.ts';

/** The sixteen /proc/net/dev columns under node_exporter's (legacy, non-netlink) names. */
export const NET_DEV_COLUMNS = [
  'receive_bytes', 'receive_packets', 'receive_errs', 'receive_drop', 'receive_fifo', 'receive_frame',
  'receive_compressed', 'receive_multicast', 'transmit_bytes', 'transmit_packets', 'transmit_errs',
  'transmit_drop', 'transmit_fifo', 'transmit_colls', 'transmit_carrier', 'transmit_compressed',
] as const;

export type NetDevColumn = (typeof NET_DEV_COLUMNS)[number];

export interface NetDevStats {
  device: string;
  values: Record<NetDevColumn, number>;
}

export function parseNetDev(text: string, file = 'net/dev'): NetDevStats[] {
  const out: NetDevStats[] = [];
  for (const line of lines(text).slice(2)) {
    const colon = line.indexOf(':');
    if (colon < 0) throw new ParseError(`${file}: malformed line "${line}"`, { file });
    const device = line.slice(0, colon).trim();
    const cols = fields(line.slice(colon + 1));
    if (cols.length < NET_DEV_COLUMNS.length) throw new ParseError(`${file}: short line for ${device}`, { file });
    const values = {} as Record<NetDevColumn, number>;
    NET_DEV_COLUMNS.forEach((c, i) => (values[c] = num(cols[i], file, `${device} ${c}`)));
    out.push({ device, values });
  }
  return out;
}

export function netDevFamilies(stats: NetDevStats[], exclude = /^lo$/): MetricFamily[] {
  return NET_DEV_COLUMNS.map((c) =>
    family(
      `node_network_${c}_total`,
      `Network device statistic ${c}.`,
      'counter',
      stats.filter((s) => !exclude.test(s.device)).map((s) => ({ labels: { device: s.device }, value: s.values[c] })),
    ),
  );
}

export const netdev: Collector = {
  name: 'netdev',
  defaultEnabled: true,
  description: 'network interface statistics from /proc/net/dev (node_network_*), lo excluded',
  collect: ({ paths }) => netDevFamilies(parseNetDev(readText(paths.proc('net', 'dev')))),
};
