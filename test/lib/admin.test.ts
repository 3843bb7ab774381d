import t from 'tap';
import { startAdmin } from '../../lib/admin.ts';
import { formatAddr } from '../../lib/addr.ts';
import { createLogger } from '../../lib/log.ts';

t.test("a metrics source's sent() runs once per metrics response, after it is written", async (t) => {
  const body = 'x'.repeat(4 * 2 ** 20); // several socket buffers' worth
  let sent = 0;
  const writtenWhenSent: boolean[] = [];
  let last: { writableFinished: boolean } | undefined;
  const admin = await startAdmin({
    addr: { host: '127.0.0.1', port: 0 },
    log: createLogger('test', 'silent'),
    ready: () => true,
    registry: {
      contentType: 'text/plain',
      metrics: () => body,
      sent: () => {
        sent++;
        writtenWhenSent.push(last?.writableFinished ?? false);
      },
    },
  });
  t.teardown(() => admin.close());
  admin.server.on('request', (_req, res) => (last = res));
  const base = `http://${formatAddr(admin.address)}`;
  t.equal((await (await fetch(`${base}/metrics`)).text()).length, body.length);
  t.equal((await (await fetch(`${base}/metrics`)).text()).length, body.length);
  t.equal((await fetch(`${base}/live`)).status, 200);
  await new Promise((r) => setImmediate(r));
  t.equal(sent, 2, 'once per metrics response, not for /live');
  t.same(writtenWhenSent, [true, true], 'after the whole response was handed to the socket');
});
