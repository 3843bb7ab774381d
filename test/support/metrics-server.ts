import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Test } from 'tap';

export interface MetricsServer {
  /** host:port */
  address: string;
  /** GET /metrics served so far. */
  scrapes: () => number;
}

/**
 * A /metrics endpoint on a loopback port 0: `body(n)` is the n-th response (n from 0),
 * so counters can change between scrapes. Closed at teardown.
 */
export async function startMetricsServer(t: Test, body: (n: number) => string, status = 200): Promise<MetricsServer> {
  let n = 0;
  const server: Server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(status, { 'content-type': 'text/plain; version=0.0.4' }).end(body(n++));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { address: `127.0.0.1:${(server.address() as AddressInfo).port}`, scrapes: () => n };
}

/** A loopback port nothing listens on (bound, then released). */
export async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `127.0.0.1:${port}`;
}
