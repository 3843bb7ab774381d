// Open-loop load at a fixed rate, for added-latency figures (wrk has no rate limit).
// Prints one JSON line: {"sent", "failed", "p50_ms", "p99_ms"}.
// Usage: node bench/load-fixed-rate.ts URL HOST RPS SECONDS
//
// Plain sockets and a few lines of response framing, not an HTTP client library: measured
// against HAProxy answering by itself, an undici client's own event-loop and GC pauses put
// its p99 at 28–82 ms where this client sees 4–6 ms (on the same loaded machine), and the
// tail is the figure this tool exists for. Each request's latency runs from the moment the
// generator tried to send it, so a request that waits for a free connection counts its
// wait (no coordinated omission), while the 1 ms timer's own lateness does not. A first
// second at the same rate is not recorded: it warms the JIT on both sides.
import net from 'node:net';

const [url, host, rpsText, secondsText] = process.argv.slice(2);
const rps = Number(rpsText);
const seconds = Number(secondsText);
const WARMUP_SECONDS = 1;
const u = new URL(url!);
const request = Buffer.from(`GET ${u.pathname} HTTP/1.1\r\nHost: ${host}\r\n\r\n`, 'latin1');

/** One keep-alive connection carrying one request at a time. */
class Conn {
  readonly socket: net.Socket;
  private buf: Buffer = Buffer.alloc(0);
  private due = 0;
  private done: ((ok: boolean, ms: number) => void) | undefined;

  constructor() {
    this.socket = net.connect({ host: u.hostname, port: Number(u.port), noDelay: true });
    this.socket.on('data', (d: Buffer) => this.read(d));
    this.socket.on('error', () => this.finish(false));
    this.socket.on('close', () => this.finish(false));
  }

  send(due: number, done: (ok: boolean, ms: number) => void): void {
    this.due = due;
    this.done = done;
    this.socket.write(request);
  }

  private read(d: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
    const end = this.buf.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = this.buf.toString('latin1', 0, end);
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
    if (this.buf.length < end + 4 + length) return;
    this.buf = this.buf.subarray(end + 4 + length);
    this.finish(head.startsWith('HTTP/1.1 200'));
  }

  private finish(ok: boolean): void {
    const done = this.done;
    this.done = undefined;
    done?.(ok, performance.now() - this.due);
  }
}

const idle: Conn[] = [];
const queue: number[] = []; // when each waiting request was to be sent
let open = 0;
const MAX_CONNECTIONS = 64;

function run(total: number): Promise<{ latencies: number[]; failed: number }> {
  const latencies: number[] = [];
  let failed = 0;
  let settled = 0;
  return new Promise((resolve) => {
    const onDone = (c: Conn) => (ok: boolean, ms: number) => {
      if (ok) latencies.push(ms);
      else failed++;
      if (++settled === total) resolve({ latencies, failed });
      if (c.socket.destroyed) open--;
      else idle.push(c);
      pump();
    };
    const pump = () => {
      while (queue.length) {
        let c = idle.pop();
        if (!c && open < MAX_CONNECTIONS) {
          open++;
          c = new Conn();
        }
        if (!c) return;
        c.send(queue.shift()!, onDone(c));
      }
    };
    const start = performance.now();
    let scheduled = 0;
    // Due times follow the clock; a slow response delays no later request.
    const tick = () => {
      const now = performance.now();
      const due = Math.min(total, Math.floor(((now - start) / 1000) * rps));
      for (; scheduled < due; scheduled++) queue.push(now);
      pump();
      if (scheduled < total) setTimeout(tick, 1);
    };
    tick();
  });
}

await run(rps * WARMUP_SECONDS);
const { latencies, failed } = await run(rps * seconds);
latencies.sort((a, b) => a - b);
const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
console.log(JSON.stringify({ sent: rps * seconds, failed, p50_ms: q(0.5), p99_ms: q(0.99) }));
process.exit(0);
