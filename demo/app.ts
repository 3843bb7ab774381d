// The demo application, one process per replica (`weft demo app`, hidden): web calls api
// through its sidecar, api asks the TCP service (db) through its sidecar's --tcp-map port,
// db answers a line per line. No iptables here, so each app names its sidecar explicitly.
import http from 'node:http';
import net from 'node:net';
import { Pool } from 'undici';
import { parseAddr, type HostPort } from '../lib/addr.ts';
import { onShutdown } from '../lib/lifecycle.ts';
import { createLogger } from '../lib/log.ts';
import { HTTP_PORT, serviceAuthority } from './topology.ts';

export interface AppOptions {
  role: 'web' | 'api' | 'db';
  name: string;
  listen: HostPort;
  /** web: its sidecar's outbound address. */
  outbound?: string;
  /** api: its sidecar's --tcp-map address for db. */
  tcp?: string;
  /** api: share of requests answered 500 (0–1). */
  failRate: number;
  logLevel: string;
}

/** One request-response over a fresh TCP connection (a connection per query, as many clients do). */
function askDb(addr: HostPort, question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(addr.port, addr.host);
    let answer = '';
    socket.setTimeout(5_000, () => socket.destroy(new Error('db did not answer within 5s')));
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${question}\n`));
    socket.on('data', (d: string) => {
      answer += d;
      if (answer.includes('\n')) socket.end();
    });
    socket.on('error', reject);
    socket.on('close', () => (answer.includes('\n') ? resolve(answer.trim()) : reject(new Error('db closed without answering'))));
  });
}

function httpHandler(opts: AppOptions): http.RequestListener {
  const api = opts.outbound ? new Pool(`http://${opts.outbound}`, { connections: 32 }) : undefined;
  const db = opts.tcp ? parseAddr(opts.tcp) : undefined;
  const reply = (res: http.ServerResponse, status: number, body: unknown) => {
    const text = `${JSON.stringify(body)}\n`;
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  return (req, res) => {
    req.resume();
    const work = async () => {
      if (opts.role === 'web' && api) {
        const r = await api.request({ path: '/', method: 'GET', headers: { host: serviceAuthority('api', HTTP_PORT) } });
        const body = await r.body.text();
        return reply(res, r.statusCode === 200 ? 200 : 502, { from: opts.name, api: r.statusCode, answer: body.trim() });
      }
      if (opts.failRate > 0 && Math.random() < opts.failRate) return reply(res, 500, { from: opts.name, error: 'injected failure (--fail-rate)' });
      const answer = db ? await askDb(db, `${opts.name} ${req.url ?? '/'}`) : '';
      reply(res, 200, { from: opts.name, db: answer });
    };
    work().catch((err: unknown) => {
      if (!res.headersSent) reply(res, 502, { from: opts.name, error: (err as Error).message });
    });
  };
}

/** db: answers every line with one line. Opaque TCP for the mesh. */
function dbServer(name: string): net.Server {
  let served = 0;
  return net.createServer((socket) => {
    socket.setEncoding('utf8');
    let buf = '';
    socket.on('data', (d: string) => {
      buf += d;
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        buf = buf.slice(i + 1);
        socket.write(`row ${++served} from ${name}\n`);
      }
    });
    socket.on('error', () => socket.destroy());
  });
}

export async function runApp(opts: AppOptions): Promise<void> {
  const log = createLogger(`demo-${opts.role}`, opts.logLevel);
  const server: net.Server = opts.role === 'db' ? dbServer(opts.name) : http.createServer({ keepAliveTimeout: 65_000 }, httpHandler(opts));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.listen.port, opts.listen.host, () => resolve());
  });
  log.info({ name: opts.name, listen: opts.listen, failRate: opts.failRate }, 'demo app listening');
  onShutdown(log, async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      (server as http.Server).closeIdleConnections?.();
    });
  });
}
