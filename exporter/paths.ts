import { nodeFs as fs } from '../lib/builtins.ts';
import path from 'node:path';

/** Where the host's pseudo-filesystems are mounted; a DaemonSet mounts them under /host. */
export interface Roots {
  procfs: string;
  sysfs: string;
  rootfs: string;
  cgroupfs: string;
}

export const DEFAULT_ROOTS: Roots = { procfs: '/proc', sysfs: '/sys', rootfs: '/', cgroupfs: '/sys/fs/cgroup' };

/**
 * Every file the exporter reads is named through one of these, never by a literal
 * absolute path, so tests and containers can point the roots anywhere.
 */
export interface Paths {
  roots: Roots;
  proc(...parts: string[]): string;
  sys(...parts: string[]): string;
  rootfs(...parts: string[]): string;
  cgroup(...parts: string[]): string;
}

export function makePaths(roots: Partial<Roots> = {}): Paths {
  const r = { ...DEFAULT_ROOTS, ...roots };
  return {
    roots: r,
    proc: (...parts) => path.join(r.procfs, ...parts),
    sys: (...parts) => path.join(r.sysfs, ...parts),
    rootfs: (...parts) => path.join(r.rootfs, ...parts),
    cgroup: (...parts) => path.join(r.cgroupfs, ...parts),
  };
}

/** A mount point as the host sees it, given that the host's / is at `rootfs` here. */
export function stripRootfs(roots: Roots, mountPoint: string): string {
  if (roots.rootfs === '/') return mountPoint;
  const root = roots.rootfs.replace(/\/+$/, '');
  if (mountPoint === root) return '/';
  return mountPoint.startsWith(`${root}/`) ? mountPoint.slice(root.length) : mountPoint;
}

// One buffer for every read: pseudo-files are small, and a scrape reads thousands of them.
const buffer = Buffer.allocUnsafe(64 * 1024);

/**
 * Reads a small pseudo-file synchronously: /proc and cgroup files are generated in memory
 * by the kernel, so a synchronous open/read/close costs microseconds, where a
 * promise-based read costs several times that and readFileSync adds an fstat and a buffer
 * per file (measured with bench/exporter.ts). Files larger than the buffer are read whole.
 */
export function readText(file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    let length = 0;
    for (let n; length < buffer.length && (n = fs.readSync(fd, buffer, length, buffer.length - length, null)) > 0; ) length += n;
    if (length < buffer.length) return buffer.toString('latin1', 0, length);
  } finally {
    fs.closeSync(fd);
  }
  return fs.readFileSync(file, 'latin1');
}

/** A file that is not there, or one the kernel has switched off (PSI disabled: EOPNOTSUPP). */
const ABSENT = new Set(['ENOENT', 'ENOTDIR', 'EOPNOTSUPP', 'ENOTSUP', 'ENODEV']);

/** Like readText, but an absent file is undefined: optional controller files are common. */
export function readOptional(file: string): string | undefined {
  try {
    return readText(file);
  } catch (err) {
    if (ABSENT.has((err as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw err;
  }
}
