import http2 from 'node:http2';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import t, { type Test } from 'tap';
import { FIXTURES } from '../../support/fixtures.ts';
import { startTestControl, tempDir } from '../../support/control.ts';
import { destinationClient, summary, watch } from '../../support/destination-client.ts';
import { waitFor } from '../../support/wait.ts';

const SPLIT = readFileSync(path.join(FIXTURES, 'k8s/traffic-split.yaml'), 'utf8');
const API = 'api.demo.svc.cluster.local:80';

async function setup(t: Test, extra = {}) {
  const dir = tempDir(t);
  const file = path.join(dir, 'demo.yaml');
  writeFileSync(file, SPLIT);
  const control = await startTestControl(t, dir, extra);
  const client = destinationClient(control.grpcTarget);
  t.teardown(() => client.close());
  return { dir, file, control, client };
}

t.test('snapshot first, then deltas in order', async (t) => {
  const { file, client } = await setup(t);
  const w = watch(client, API);
  t.teardown(() => w.close());
  await waitFor(() => w.updates.length >= 1, 'the snapshot');
  t.ok(w.updates[0]!.snapshot, 'first message is a snapshot');
  t.same(summary(w.state), { 'api-v1:90': ['10.1.0.1:8080', '10.1.0.2:8080'], 'api-v2:10': ['10.2.0.1:8080'] });

  writeFileSync(file, SPLIT.replace('addresses: [10.1.0.2]', 'addresses: [10.1.0.3]'));
  await waitFor(() => w.updates.length >= 2, 'the endpoint delta');
  t.ok(w.updates[1]!.delta, 'a change is a delta');
  t.same(w.updates[1]!.delta!.backends.map((b) => [b.name, b.deleted, b.upserted.map((e) => e.address)]), [['api-v1', ['10.1.0.2:8080'], ['10.1.0.3']]]);

  writeFileSync(file, SPLIT.replace('addresses: [10.1.0.2]', 'addresses: [10.1.0.3]').replace('weight: 90', 'weight: 50'));
  await waitFor(() => w.updates.length >= 3, 'the split delta');
  t.same(summary(w.state), { 'api-v1:50': ['10.1.0.1:8080', '10.1.0.3:8080'], 'api-v2:10': ['10.2.0.1:8080'] });
  t.equal(w.updates.length, 3, 'nothing else was sent');
});

t.test('an unknown service, then it appears, then it goes', async (t) => {
  const { file, client } = await setup(t);
  const w = watch(client, 'shop.demo.svc.cluster.local:80');
  t.teardown(() => w.close());
  await waitFor(() => w.updates.length >= 1, 'first message');
  t.match(w.updates[0], { noSuchService: { reason: /not found/ } });
  writeFileSync(file, `${SPLIT}---\napiVersion: v1\nkind: Service\nmetadata: { name: shop, namespace: demo }\nspec: { clusterIP: 10.96.5.5, ports: [{ port: 80 }] }\n`);
  await waitFor(() => w.updates.length >= 2, 'the snapshot');
  t.ok(w.updates[1]!.snapshot);
  t.same(summary(w.state), { 'shop:1': [] });
  writeFileSync(file, SPLIT);
  await waitFor(() => w.updates.length >= 3, 'no-such-service again');
  t.ok(w.updates[2]!.noSuchService);
});

t.test('a ClusterIP authority follows its service', async (t) => {
  const { client } = await setup(t);
  const w = watch(client, '10.96.0.20:80');
  t.teardown(() => w.close());
  await waitFor(() => w.state, 'snapshot by cluster IP');
  t.equal(w.state!.service.name, 'api');
});

t.test('a malformed authority is refused with INVALID_ARGUMENT', async (t) => {
  const { client, control } = await setup(t);
  const w = watch(client, 'not an authority');
  await waitFor(() => w.ended, 'the stream to end');
  t.equal(w.ended!.code, 3);
  t.match(w.ended!.details, /invalid authority/);
  // Other streams are unaffected.
  const ok = watch(client, API);
  t.teardown(() => ok.close());
  await waitFor(() => ok.state, 'a good stream');
  t.equal(await control.registry.getSingleMetric('weft_control_proxies_connected')!.get().then((m) => m.values[0]!.value), 1);
});

t.test('a slow client is disconnected without delaying the others', async (t) => {
  const { file, control, client } = await setup(t, { maxQueue: 8 });
  // A raw HTTP/2 client that opens a Watch and never reads: its flow-control window fills.
  const session = http2.connect(`http://${control.grpcTarget}`);
  t.teardown(() => session.destroy());
  const body = Buffer.from(encodeWatchRequest(API));
  const frame = Buffer.concat([Buffer.from([0, 0, 0, 0, body.length]), body]);
  const slow = session.request({ ':method': 'POST', ':path': '/weft.destination.v1.Destination/Watch', 'content-type': 'application/grpc', te: 'trailers' });
  slow.end(frame);
  slow.pause();
  let rst: number | undefined;
  slow.on('close', () => (rst = slow.rstCode));
  slow.on('error', () => {});

  const fast = watch(client, API);
  t.teardown(() => fast.close());
  await waitFor(() => fast.state, 'fast snapshot');

  // Large updates, many of them: each rename changes every endpoint of api-v1.
  let round = 0;
  const manyEndpoints = (n: number) => Array.from({ length: 200 }, (_, i) => `{ addresses: [10.${n % 200}.${Math.floor(i / 250)}.${i % 250}] }`).join(', ');
  await waitFor(
    () => {
      round++;
      writeFileSync(file, SPLIT.replace('endpoints: [{ addresses: [10.1.0.1] }, { addresses: [10.1.0.2] }]', `endpoints: [${manyEndpoints(round)}]`));
      return rst !== undefined;
    },
    'the slow stream to be reset',
    20_000,
    60,
  );
  t.equal(rst, http2.constants.NGHTTP2_ENHANCE_YOUR_CALM, 'reset with ENHANCE_YOUR_CALM (the client sees RESOURCE_EXHAUSTED)');
  const last = round;
  await waitFor(() => fast.state?.backends[0]?.endpoints[0]?.address.startsWith(`10.${last % 200}.`), 'the fast client to converge on the last change');
  t.notOk(fast.ended, 'the fast client is still connected');
  t.match(await control.registry.getSingleMetricAsString('weft_control_slow_streams_disconnected_total'), /total 1\b/);
});

t.test('reconnecting clients converge', async (t) => {
  const { file, client } = await setup(t);
  const first = watch(client, API);
  await waitFor(() => first.state, 'first snapshot');
  first.close();
  writeFileSync(file, SPLIT.replace('weight: 90', 'weight: 70'));
  // A client connecting after the change gets a fresh snapshot with it.
  await waitFor(async () => {
    const w = watch(client, API);
    try {
      await waitFor(() => w.state, 'snapshot', 2_000);
      return w.state!.backends[0]!.weight === 70;
    } finally {
      w.close();
    }
  }, 'a new stream to see the change');
});

/** WatchRequest{authority} in protobuf wire format: field 1, length-delimited. */
function encodeWatchRequest(authority: string): Uint8Array {
  const a = Buffer.from(authority);
  return Buffer.concat([Buffer.from([0x0a, a.length]), a]);
}
