import type { Collector } from './collector.ts';
import { container } from './container.ts';
import { cpu } from './cpu.ts';
import { diskstats } from './diskstats.ts';
import { filesystem } from './filesystem.ts';
import { loadavg } from './loadavg.ts';
import { meminfo } from './meminfo.ts';
import { netdev } from './netdev.ts';
import { pressure } from './pressure.ts';
import { stat } from './stat.ts';
import { time } from './time.ts';
import { uname } from './uname.ts';
import { vmstat } from './vmstat.ts';

/** Every collector, by name; each becomes --collector.<name> / --no-collector.<name>. Adding one is one file and one line here. */
export const COLLECTORS: readonly Collector[] = [
  container, cpu, diskstats, filesystem, loadavg, meminfo, netdev, pressure, stat, time, uname, vmstat,
];
