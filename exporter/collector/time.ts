import { family, single, type MetricFamily } from '../metrics.ts';
import { fields } from '../parse.ts';
import { readOptional } from '../paths.ts';
import type { Collector } from './collector.ts';

/** The abbreviated zone name (e.g. UTC, CET) and its offset east of UTC in seconds, at `ms`. */
// Building a formatter loads ICU data (~100 ms): once per process, not once per scrape.
let zoneFormat: Intl.DateTimeFormat | undefined;

export function timeZone(ms: number): { zone: string; offset: number } {
  const d = new Date(ms);
  zoneFormat ??= new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' });
  const parts = zoneFormat.formatToParts(d);
  const zone = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'UTC';
  return { zone, offset: -d.getTimezoneOffset() * 60 };
}

export function timeFamilies(ms: number, clocksources: { device: string; available: string; current: string }[]): MetricFamily[] {
  const { zone, offset } = timeZone(ms);
  const available = family('node_time_clocksource_available_info', "Available clocksources read from '/sys/devices/system/clocksource'.", 'gauge');
  const current = family('node_time_clocksource_current_info', "Current clocksource read from '/sys/devices/system/clocksource'.", 'gauge');
  for (const c of clocksources) {
    for (const name of fields(c.available)) available.samples.push({ labels: { device: c.device, clocksource: name }, value: 1 });
    const cur = c.current.trim();
    if (cur) current.samples.push({ labels: { device: c.device, clocksource: cur }, value: 1 });
  }
  return [
    single('node_time_seconds', 'System time in seconds since epoch (1970).', 'gauge', ms / 1000),
    family('node_time_zone_offset_seconds', 'System time zone offset in seconds.', 'gauge', [{ labels: { time_zone: zone }, value: offset }]),
    available,
    current,
  ];
}

export const time: Collector = {
  name: 'time',
  defaultEnabled: true,
  description: 'system time, time zone offset and clock sources',
  collect: ({ paths, now }) => {
    const dev = 'clocksource0';
    const dir = (f: string) => readOptional(paths.sys('devices', 'system', 'clocksource', dev, f));
    const available = dir('available_clocksource');
    const current = dir('current_clocksource');
    const sources = available === undefined || current === undefined ? [] : [{ device: '0', available, current }];
    return timeFamilies(now(), sources);
  },
};
