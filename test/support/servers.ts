// Real upstream servers on loopback port 0 for the proxy tests.
import http from 'node:http';
import type net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface Started<S> {
  server: S;
  port: number;
  close(): Promise<void>;
}

export async function listenOn<S extends net.Server>(server: S, host = '127.0.0.1'): Promise<Started<S>> {
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        (server as unknown as http.Server).closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** An HTTP server answering with its own name, so tests can tell endpoints apart. */
export function namedServer(name: string, host = '127.0.0.1', delayMs = 0): Promise<Started<http.Server>> {
  const server = http.createServer((req, res) => {
    req.resume();
    const reply = () => res.end(name);
    if (delayMs) setTimeout(reply, delayMs);
    else req.on('end', reply);
  });
  return listenOn(server, host);
}
