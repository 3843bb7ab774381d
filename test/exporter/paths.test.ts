import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { makePaths, readOptional, readText, stripRootfs } from '../../exporter/paths.ts';

t.test('every path is under its configured root', async (t) => {
  const p = makePaths({ procfs: '/host/proc', sysfs: '/host/sys', rootfs: '/host', cgroupfs: '/host/sys/fs/cgroup' });
  t.equal(p.proc('1', 'mounts'), '/host/proc/1/mounts');
  t.equal(p.sys('dev', 'block'), '/host/sys/dev/block');
  t.equal(p.rootfs('/var/lib'), '/host/var/lib');
  t.equal(p.cgroup('memory'), '/host/sys/fs/cgroup/memory');
  t.equal(stripRootfs(p.roots, '/host/var'), '/var');
  t.equal(stripRootfs(p.roots, '/host'), '/');
  t.equal(stripRootfs(p.roots, '/other'), '/other');
});

t.test('reads files of any size; an absent optional file is undefined, other errors throw', async (t) => {
  const dir = t.testdir({ small: 'abc\n', dir: {} });
  const big = 'x'.repeat(200_000);
  fs.writeFileSync(path.join(dir, 'big'), big);
  t.equal(readText(path.join(dir, 'small')), 'abc\n');
  t.equal(readText(path.join(dir, 'big')), big, 'larger than the shared buffer');
  t.equal(readOptional(path.join(dir, 'missing')), undefined);
  t.throws(() => readOptional(path.join(dir, 'dir')), { code: 'EISDIR' });
});
