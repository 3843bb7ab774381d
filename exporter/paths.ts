import fs from 'node:fs';
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

/**
 * Reads a small pseudo-file synchronously: /proc and cgroup files are generated in memory
 * by the kernel, and one synchronous read costs a few microseconds where a promise-based
 * read costs several times that (measured in bench/exporter.ts).
 */
export function readText(file: string): string {
  return fs.readFileSync(file, 'latin1');
}

/** A file that is not there, or one the kernel has switched off (PSI disabled: EOPNOTSUPP). */
const ABSENT = new Set(['ENOENT', 'ENOTDIR', 'EOPNOTSUPP', 'ENOTSUP', 'ENODEV']);

/** Like readText, but an absent file is undefined: optional controller files are common. */
export function readOptional(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'latin1');
  } catch (err) {
    if (ABSENT.has((err as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw err;
  }
}
