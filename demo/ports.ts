// Every address is checked before anything is spawned, so a port in use is one clear
// error naming it instead of a child dying half-way through start-up.
import net from 'node:net';
import { formatAddr, type HostPort } from '../lib/addr.ts';
import { DemoPortInUseError } from './errors.ts';

export interface Listen {
  addr: HostPort;
  /** What would listen there, e.g. "sidecar of api-v1-0 (inbound)". */
  owner: string;
}

function tryBind(addr: HostPort): Promise<Error | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (err) => resolve(err));
    server.listen({ host: addr.host, port: addr.port, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}

export async function checkFree(listens: Listen[]): Promise<void> {
  const results = await Promise.all(listens.map((l) => tryBind(l.addr)));
  const busy = listens.flatMap((l, i) => (results[i] ? [`${formatAddr(l.addr)} (${l.owner}): ${(results[i] as NodeJS.ErrnoException).code ?? results[i]!.message}`] : []));
  if (busy.length > 0) {
    throw new DemoPortInUseError(`cannot start the demo, address${busy.length > 1 ? 'es' : ''} in use: ${busy.join('; ')} — stop what uses ${busy.length > 1 ? 'them' : 'it'} or pick other ports (see weft demo --help)`, { addresses: busy });
  }
}

/** A port the kernel says is free on `host` right now (for Prometheus's listener). */
export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
