import { nodeFs as fs } from '../../lib/builtins.ts';
import { family, type MetricFamily } from '../metrics.ts';
import { ParseError } from '../errors.ts';
import { fields, lines } from '../parse.ts';
import { readOptional, readText, stripRootfs, type Paths } from '../paths.ts';
import type { Collector } from './collector.ts';

// node_exporter's default exclusions: pseudo and container-runtime filesystems.
export const MOUNT_POINTS_EXCLUDE = /^\/(dev|proc|run|sys|mnt|media|var\/lib\/docker\/.+|var\/lib\/containers\/storage\/.+)($|\/)/;
export const FS_TYPES_EXCLUDE =
  /^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|sysfs|tracefs)$/;

/** A statfs that has not answered by then counts as a device error (a hung NFS server). */
const STATFS_TIMEOUT_MS = 5_000;

export interface Mount {
  device: string;
  mountpoint: string;
  fstype: string;
  options: string;
}

export interface FsStats {
  size: number;
  free: number;
  avail: number;
  files: number;
  filesFree: number;
}

const unescape = (s: string) => s.replace(/\\040/g, ' ').replace(/\\011/g, '\t');

/** /proc/1/mounts, keeping the mounts node_exporter keeps, each (device, mountpoint, fstype) once. */
export function parseMounts(text: string, file = 'mounts', strip = (mp: string) => mp): Mount[] {
  const seen = new Set<string>();
  const out: Mount[] = [];
  for (const line of lines(text)) {
    const [device, mp, fstype, options] = fields(line);
    if (!device || !mp || !fstype || options === undefined) throw new ParseError(`${file}: malformed line "${line}"`, { file });
    const mount = { device, mountpoint: strip(unescape(mp)), fstype, options };
    const key = `${device}\0${mount.mountpoint}\0${fstype}`;
    if (seen.has(key) || MOUNT_POINTS_EXCLUDE.test(mount.mountpoint) || FS_TYPES_EXCLUDE.test(fstype)) continue;
    seen.add(key);
    out.push(mount);
  }
  return out;
}

export function filesystemFamilies(mounts: { mount: Mount; stats?: FsStats }[]): MetricFamily[] {
  const f = (name: string, help: string) => family(`node_filesystem_${name}`, help, 'gauge');
  const err = f('device_error', 'Whether an error occurred while getting statistics for the given device.');
  const size = f('size_bytes', 'Filesystem size in bytes.');
  const free = f('free_bytes', 'Filesystem free space in bytes.');
  const avail = f('avail_bytes', 'Filesystem space available to non-root users in bytes.');
  const files = f('files', 'Filesystem total file nodes.');
  const filesFree = f('files_free', 'Filesystem total free file nodes.');
  const ro = f('readonly', 'Filesystem read-only status.');
  for (const { mount, stats } of mounts) {
    const labels = { device: mount.device, fstype: mount.fstype, mountpoint: mount.mountpoint };
    err.samples.push({ labels, value: stats ? 0 : 1 });
    if (!stats) continue;
    size.samples.push({ labels, value: stats.size });
    free.samples.push({ labels, value: stats.free });
    avail.samples.push({ labels, value: stats.avail });
    files.samples.push({ labels, value: stats.files });
    filesFree.samples.push({ labels, value: stats.filesFree });
    ro.samples.push({ labels, value: mount.options.split(',').includes('ro') ? 1 : 0 });
  }
  return [avail, err, files, filesFree, free, ro, size];
}

async function statfs(path: string): Promise<FsStats | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), STATFS_TIMEOUT_MS)));
  const s = fs.promises.statfs(path).then(
    (s) => ({ size: s.blocks * s.bsize, free: s.bfree * s.bsize, avail: s.bavail * s.bsize, files: s.files, filesFree: s.ffree }),
    () => undefined,
  );
  try {
    return await Promise.race([s, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function readMounts(paths: Paths): string {
  return readOptional(paths.proc('1', 'mounts')) ?? readText(paths.proc('mounts'));
}

export const filesystem: Collector = {
  name: 'filesystem',
  defaultEnabled: true,
  description: 'size, free space and inodes of mounted filesystems, from the mount table and statfs',
  collect: async ({ paths }) => {
    const mounts = parseMounts(readMounts(paths), 'mounts', (mp) => stripRootfs(paths.roots, mp));
    const stats = await Promise.all(mounts.map((m) => statfs(paths.rootfs(m.mountpoint))));
    return filesystemFamilies(mounts.map((mount, i) => ({ mount, stats: stats[i] })));
  },
};
