import t from 'tap';
import { netDevFamilies, parseNetDev } from '../../../exporter/collector/netdev.ts';

const DEV = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo:    100       1    0    0    0     0          0         0      100       1    0    0    0     0       0          0
  eth0:1019363460   50119    2    3    0     0          0         7  5034279   38232    4    5    0     6       0          0
`;

t.test('every /proc/net/dev column per device, lo excluded as node_exporter does', async (t) => {
  const families = netDevFamilies(parseNetDev(DEV));
  t.equal(families.length, 16);
  const v = (name: string) => families.find((f) => f.name === name)?.samples;
  t.same(v('node_network_receive_bytes_total'), [{ labels: { device: 'eth0' }, value: 1019363460 }], 'no space after the colon still parses');
  t.same(v('node_network_receive_errs_total'), [{ labels: { device: 'eth0' }, value: 2 }]);
  t.same(v('node_network_transmit_colls_total'), [{ labels: { device: 'eth0' }, value: 6 }]);
  t.same(v('node_network_receive_multicast_total'), [{ labels: { device: 'eth0' }, value: 7 }]);
});

t.test('a short line is a parse error', async (t) => {
  t.throws(() => parseNetDev(DEV + '  eth1: 1 2 3\n'), { code: 'WEFT_EXPORTER_PARSE', message: /eth1/ });
});
