// A tiny Destination server for tests: each authority has a current Update; a new Watch
// gets it first, and push() sends a new one to every open Watch of that authority.
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { ProtoGrpcType } from '../../control/api/gen/destination.ts';
import type { Update } from '../../control/api/gen/weft/destination/v1/Update.ts';
import type { Endpoint } from '../../control/api/gen/weft/destination/v1/Endpoint.ts';

const PROTO = fileURLToPath(new URL('../../control/api/destination.proto', import.meta.url));

export interface FakeDestination {
  addr: string;
  port: number;
  watches: string[];
  set(authority: string, u: Update): void;
  push(authority: string, u: Update): void;
  openStreams(authority: string): number;
  /** New Watches of this authority get nothing until push(). */
  hold(authority: string): void;
  close(): Promise<void>;
}

export function snapshot(name: string, namespace: string, port: number, backends: { name: string; weight?: number; endpoints: Endpoint[] }[]): Update {
  return {
    snapshot: {
      service: { name, namespace, port, protocol: 'PROTOCOL_UNSPECIFIED' },
      backends: backends.map((b) => ({ name: b.name, namespace, weight: b.weight ?? 1, endpoints: b.endpoints })),
    },
  };
}

export function ep(address: string, port: number, extra: Partial<Endpoint> = {}): Endpoint {
  return { address, port, ready: true, serving: true, weight: 1, workload: 'wl', ...extra };
}

export async function startFakeDestination(port = 0): Promise<FakeDestination> {
  const def = protoLoader.loadSync(PROTO, { keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true });
  const proto = grpc.loadPackageDefinition(def) as unknown as ProtoGrpcType;
  const state = new Map<string, Update>();
  const streams = new Map<string, Set<grpc.ServerWritableStream<{ authority: string }, Update>>>();
  const watches: string[] = [];
  const held = new Set<string>();
  const server = new grpc.Server();
  server.addService(proto.weft.destination.v1.Destination.service, {
    watch: (call: grpc.ServerWritableStream<{ authority: string }, Update>) => {
      const a = call.request.authority;
      watches.push(a);
      let set = streams.get(a);
      if (!set) streams.set(a, (set = new Set()));
      set.add(call);
      call.on('cancelled', () => set.delete(call));
      call.on('close', () => set.delete(call));
      if (!held.has(a)) call.write(state.get(a) ?? { noSuchService: { reason: 'unknown' } });
    },
  });
  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return {
    addr: `127.0.0.1:${bound}`,
    port: bound,
    watches,
    set: (a, u) => state.set(a, u),
    push: (a, u) => {
      held.delete(a);
      if (u.snapshot || u.noSuchService) state.set(a, u);
      for (const c of streams.get(a) ?? []) c.write(u);
    },
    openStreams: (a) => streams.get(a)?.size ?? 0,
    hold: (a) => held.add(a),
    close: () =>
      new Promise<void>((resolve) => {
        for (const set of streams.values()) for (const c of set) c.end();
        server.tryShutdown(() => resolve());
        setTimeout(() => server.forceShutdown(), 500).unref();
      }),
  };
}
