import t from 'tap';
import { diskFamilies, parseDiskstats, parseUdev } from '../../../exporter/collector/diskstats.ts';

const DISKSTATS = `   7       0 loop0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
   8       0 sda 1000 10 200000 3000 500 20 80000 1500 0 4000 4500
   8       1 sda1 900 5 180000 2800 400 10 70000 1400 0 3800 4200
 259       0 nvme0n1 5000 100 900000 7000 6000 300 1200000 9000 2 11000 16000 10 1 2048 30 7 70
`;

t.test('disks in base units, partitions and loop devices left out', async (t) => {
  const families = diskFamilies(parseDiskstats(DISKSTATS), () => new Map());
  const v = (name: string, device: string) => families.find((f) => f.name === name)?.samples.find((s) => s.labels?.device === device)?.value;
  t.equal(v('node_disk_read_bytes_total', 'sda'), 200000 * 512);
  t.equal(v('node_disk_read_time_seconds_total', 'sda'), 3);
  t.equal(v('node_disk_io_now', 'nvme0n1'), 2);
  t.equal(v('node_disk_flush_requests_time_seconds_total', 'nvme0n1'), 0.07);
  t.equal(v('node_disk_discards_completed_total', 'sda'), undefined, 'an 11-field kernel has no discard counters');
  t.equal(v('node_disk_reads_completed_total', 'sda1'), undefined);
  t.equal(v('node_disk_reads_completed_total', 'loop0'), undefined);
});

t.test('node_disk_info carries udev properties when there are any', async (t) => {
  const udev = parseUdev('S:disk/by-id/x\nE:ID_MODEL=QEMU_HARDDISK\nE:ID_SERIAL_SHORT=QM0001\n');
  const families = diskFamilies(parseDiskstats(DISKSTATS), (d) => (d.device === 'sda' ? udev : new Map()));
  const info = families.find((f) => f.name === 'node_disk_info')?.samples.find((s) => s.labels?.device === 'sda');
  t.match(info?.labels, { major: '8', minor: '0', model: 'QEMU_HARDDISK', serial: 'QM0001', path: '' });
});

t.test('garbled diskstats is a parse error', async (t) => {
  t.throws(() => parseDiskstats('8 0 sda 1 2 3\n'), { code: 'WEFT_EXPORTER_PARSE' });
  t.throws(() => parseDiskstats('8 0 sda 1 2 3 4 5 6 7 8 9 x 11\n'), { code: 'WEFT_EXPORTER_PARSE' });
});
