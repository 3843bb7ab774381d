import os from 'node:os';
import { family, type MetricFamily } from '../metrics.ts';
import { readText, type Paths } from '../paths.ts';
import type { Collector } from './collector.ts';

export interface Uname {
  sysname: string;
  release: string;
  version: string;
  machine: string;
  nodename: string;
  domainname: string;
}

export function unameFamily(u: Uname): MetricFamily {
  return family('node_uname_info', 'Labeled system information as provided by the uname system call.', 'gauge', [
    { labels: { ...u }, value: 1 },
  ]);
}

/**
 * What uname(2) returns, read from /proc/sys/kernel so that --path.procfs decides whose
 * kernel is described; only the machine (architecture) has no file there.
 */
function readUname(paths: Paths): Uname {
  const k = (name: string) => readText(paths.proc('sys', 'kernel', name)).trim();
  return {
    sysname: k('ostype'),
    release: k('osrelease'),
    version: k('version'),
    machine: os.machine(),
    nodename: k('hostname'),
    domainname: k('domainname'),
  };
}

export const uname: Collector = {
  name: 'uname',
  defaultEnabled: true,
  description: 'kernel name, release, version, architecture and host name (node_uname_info)',
  collect: ({ paths }) => [unameFamily(readUname(paths))],
};
