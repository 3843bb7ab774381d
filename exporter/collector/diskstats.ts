import { family, type MetricFamily, type MetricType } from '../metrics.ts';
import { ParseError } from '../errors.ts';
import { fields, lines, num } from '../parse.ts';
import { readOptional, readText, type Paths } from '../paths.ts';
import type { Collector } from './collector.ts';

/** node_exporter's default: partitions and virtual devices are left out. */
export const DISK_EXCLUDE = /^(ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\d+n\d+p)\d+$/;

const MS = 1 / 1000;
const SECTOR = 512;

/** The /proc/diskstats columns after major, minor and name, in order, with their unit factor. */
const COLUMNS: [string, string, MetricType, number][] = [
  ['reads_completed_total', 'The total number of reads completed successfully.', 'counter', 1],
  ['reads_merged_total', 'The total number of reads merged.', 'counter', 1],
  ['read_bytes_total', 'The total number of bytes read successfully.', 'counter', SECTOR],
  ['read_time_seconds_total', 'The total number of seconds spent by all reads.', 'counter', MS],
  ['writes_completed_total', 'The total number of writes completed successfully.', 'counter', 1],
  ['writes_merged_total', 'The number of writes merged.', 'counter', 1],
  ['written_bytes_total', 'The total number of bytes written successfully.', 'counter', SECTOR],
  ['write_time_seconds_total', 'This is the total number of seconds spent by all writes.', 'counter', MS],
  ['io_now', 'The number of I/Os currently in progress.', 'gauge', 1],
  ['io_time_seconds_total', 'Total seconds spent doing I/Os.', 'counter', MS],
  ['io_time_weighted_seconds_total', 'The weighted # of seconds spent doing I/Os.', 'counter', MS],
  ['discards_completed_total', 'The total number of discards completed successfully.', 'counter', 1],
  ['discards_merged_total', 'The total number of discards merged.', 'counter', 1],
  ['discarded_sectors_total', 'The total number of sectors discarded successfully.', 'counter', 1],
  ['discard_time_seconds_total', 'This is the total number of seconds spent by all discards.', 'counter', MS],
  ['flush_requests_total', 'The total number of flush requests completed successfully', 'counter', 1],
  ['flush_requests_time_seconds_total', 'This is the total number of seconds spent by all flush requests.', 'counter', MS],
];

export interface DiskStats {
  major: string;
  minor: string;
  device: string;
  /** Raw counters; older kernels have 11, newer 15 or 17. */
  raw: number[];
}

export function parseDiskstats(text: string, file = 'diskstats'): DiskStats[] {
  return lines(text).map((line) => {
    const [major, minor, device, ...rest] = fields(line);
    if (!major || !minor || !device || rest.length < 11) throw new ParseError(`${file}: malformed line "${line}"`, { file });
    return { major, minor, device, raw: rest.map((v) => num(v, file, device)) };
  });
}

/** udev's database entry for a block device: "E:KEY=value" lines. */
export function parseUdev(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of lines(text)) {
    const m = /^E:([^=]+)=(.*)$/.exec(line);
    if (m?.[1]) out.set(m[1], m[2] ?? '');
  }
  return out;
}

export function diskFamilies(disks: DiskStats[], udev: (d: DiskStats) => Map<string, string>): MetricFamily[] {
  const kept = disks.filter((d) => !DISK_EXCLUDE.test(d.device));
  const info = family('node_disk_info', 'Info of /sys/block/<block_device>.', 'gauge');
  const counters = COLUMNS.map(([name, help, type]) => family(`node_disk_${name}`, help, type));
  for (const d of kept) {
    const u = udev(d);
    const get = (k: string) => u.get(k) ?? '';
    info.samples.push({
      labels: {
        device: d.device, major: d.major, minor: d.minor, path: get('ID_PATH'), wwn: get('ID_WWN'),
        model: get('ID_MODEL'), serial: get('ID_SERIAL_SHORT'), revision: get('ID_REVISION'),
      },
      value: 1,
    });
    d.raw.forEach((v, i) => {
      const col = COLUMNS[i];
      if (col) counters[i]?.samples.push({ labels: { device: d.device }, value: v * col[3] });
    });
  }
  return [info, ...counters];
}

function readUdev(paths: Paths, d: DiskStats): Map<string, string> {
  const text = readOptional(paths.rootfs('run', 'udev', 'data', `b${d.major}:${d.minor}`));
  return text === undefined ? new Map() : parseUdev(text);
}

export const diskstats: Collector = {
  name: 'diskstats',
  defaultEnabled: true,
  description: 'block device I/O statistics from /proc/diskstats (node_disk_*), partitions excluded',
  collect: ({ paths }) => diskFamilies(parseDiskstats(readText(paths.proc('diskstats'))), (d) => readUdev(paths, d)),
};
