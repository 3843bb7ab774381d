// The benchmark's second process: opens one Watch stream per service against weft control,
// and (as the baseline) watches EndpointSlices directly on the API server with a plain
// client-node watch. Reports when each new endpoint address arrives, over IPC.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { LOADER_OPTIONS, PROTO_PATH } from '../control/server/codec.ts';
import type { ProtoGrpcType } from '../control/api/gen/destination.ts';
import type { Update__Output } from '../control/api/gen/weft/destination/v1/Update.ts';

const [grpcTarget, apiUrl, servicesArg, channelsArg] = process.argv.slice(2);
const services = Number(servicesArg);
const channels = Number(channelsArg ?? 10);
const now = () => performance.timeOrigin + performance.now();

const proto = grpc.loadPackageDefinition(protoLoader.loadSync(PROTO_PATH, LOADER_OPTIONS)) as unknown as ProtoGrpcType;
// Distinct options keep grpc-js from sharing one connection among the channels.
const clients = Array.from({ length: channels }, (_, i) => new proto.weft.destination.v1.Destination(grpcTarget!, grpc.credentials.createInsecure(), { 'weft.bench.channel': i }));

type Arrival = [source: 'control' | 'direct', address: string, at: number];
let pending: Arrival[] = [];
setInterval(() => {
  if (pending.length === 0) return;
  process.send!({ arrivals: pending });
  pending = [];
}, 100);

let snapshots = 0;
function open(i: number, onFirst?: (at: number) => void) {
  const authority = `svc-${i}.bench-${i % 10}.svc.cluster.local:80`;
  const call = clients[i % channels]!.Watch({ authority, proxyId: `bench-${i}` });
  let first = true;
  call.on('data', (u: Update__Output) => {
    const at = now();
    if (first) {
      first = false;
      if (onFirst) onFirst(at);
      else if (++snapshots === services) process.send!({ ready: true });
      return;
    }
    for (const b of u.delta?.backends ?? []) for (const e of b.upserted) pending.push(['control', e.address, at]);
  });
  call.on('error', (err: grpc.ServiceError) => {
    if (err.code !== grpc.status.CANCELLED) process.send!({ error: `${authority}: ${err.message}` });
  });
  return call;
}

for (let i = 0; i < services; i++) open(i);

// The baseline: the same changes watched straight from the API server (a raw watch request).
const seen = new Map<string, Set<string>>();
http.get(`${apiUrl}/apis/discovery.k8s.io/v1/endpointslices?watch=true&resourceVersion=0`, (res) => {
  let buf = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    const at = now();
    buf += chunk;
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (!line) continue;
      const ev = JSON.parse(line) as { type: string; object: { metadata: { name: string }; endpoints?: { addresses: string[] }[] } };
      const addrs = new Set((ev.object.endpoints ?? []).flatMap((e) => e.addresses));
      const before = seen.get(ev.object.metadata.name);
      seen.set(ev.object.metadata.name, addrs);
      if (ev.type !== 'MODIFIED' || !before) continue;
      for (const a of addrs) if (!before.has(a)) pending.push(['direct', a, at]);
    }
  });
}).on('error', (err) => process.send!({ error: `direct watch: ${err.message}` }));

// Time to first snapshot of new streams, asked for by the parent once the load runs.
process.on('message', (m: { firstSnapshots?: number }) => {
  if (!m.firstSnapshots) return;
  const times: number[] = [];
  for (let k = 0; k < m.firstSnapshots; k++) {
    const i = (k * 37) % services;
    const start = now();
    const call = open(i, (at) => {
      times.push(at - start);
      call.cancel();
      if (times.length === m.firstSnapshots) process.send!({ firstSnapshotMs: times });
    });
  }
});
