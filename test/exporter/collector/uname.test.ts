import os from 'node:os';
import t from 'tap';
import { uname } from '../../../exporter/collector/uname.ts';
import { makePaths } from '../../../exporter/paths.ts';
import { NO_PODS } from '../../../exporter/container/pods.ts';
import { fixtureRoots } from '../../support/exporter-fixtures.ts';

t.test('uname from the procfs it is pointed at', async (t) => {
  const [f] = await uname.collect({ paths: makePaths(fixtureRoots()), pods: NO_PODS, now: Date.now, fail: () => {} });
  t.equal(f?.name, 'node_uname_info');
  t.same(f?.samples[0], {
    labels: { sysname: 'Linux', release: '6.18.44-fc-v782', version: '#1 SMP PREEMPT_DYNAMIC @0', machine: os.machine(), nodename: 'vm', domainname: '(none)' },
    value: 1,
  });
});
