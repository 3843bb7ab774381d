import fs from 'node:fs';
import t from 'tap';
import { filesystem, parseMounts } from '../../../exporter/collector/filesystem.ts';
import { makePaths } from '../../../exporter/paths.ts';
import { NO_PODS } from '../../../exporter/container/pods.ts';
import { fixtureRoots } from '../../support/exporter-fixtures.ts';

t.test("the mount table with node_exporter's exclusions, each mount once", async (t) => {
  const mounts = parseMounts(fs.readFileSync(`${fixtureRoots().procfs}/1/mounts`, 'latin1'));
  t.same(mounts.map((m) => [m.device, m.mountpoint, m.fstype]), [
    ['/dev/vda', '/', 'ext4'],
    ['/dev/vdb', '/srv/data dir', 'xfs'],
    ['/dev/vdc', '/does-not-exist', 'ext4'],
  ]);
  t.throws(() => parseMounts('/dev/vda /\n'), { code: 'WEFT_EXPORTER_PARSE' });
});

t.test('statfs under --path.rootfs; a mount that cannot be stat-ed reports device_error 1', async (t) => {
  const dir = t.testdir({ srv: { 'data dir': {} } });
  const roots = { ...fixtureRoots(), rootfs: dir };
  const fams = await filesystem.collect({ paths: makePaths(roots), pods: NO_PODS, now: Date.now, fail: () => {} });
  const v = (name: string, mountpoint: string) => fams.find((f) => f.name === name)?.samples.find((s) => s.labels?.mountpoint === mountpoint)?.value;
  const real = fs.statfsSync(dir);
  t.equal(v('node_filesystem_size_bytes', '/'), real.blocks * real.bsize);
  t.equal(v('node_filesystem_files', '/'), real.files);
  t.equal(v('node_filesystem_device_error', '/'), 0);
  t.equal(v('node_filesystem_readonly', '/srv/data dir'), 1, 'ro mount option');
  t.equal(v('node_filesystem_readonly', '/'), 0);
  t.equal(v('node_filesystem_device_error', '/does-not-exist'), 1);
  t.equal(v('node_filesystem_size_bytes', '/does-not-exist'), undefined);
});
