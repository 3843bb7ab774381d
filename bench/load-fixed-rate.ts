// Open-loop load at a fixed rate, for added-latency figures (wrk has no rate limit).
// Prints one JSON line: {"sent", "failed", "p50_ms", "p99_ms"}.
// Usage: node bench/load-fixed-rate.ts URL HOST RPS SECONDS
// A first second at the same rate is not recorded: it opens the connections and warms the
// JIT on both sides, which otherwise land in the tail as a one-off start-up cost.
import { Pool } from 'undici';

const [url, host, rpsText, secondsText] = process.argv.slice(2);
const rps = Number(rpsText);
const seconds = Number(secondsText);
const WARMUP_SECONDS = 1;
const u = new URL(url!);
const pool = new Pool(u.origin, { connections: 32, pipelining: 1 });
let failed = 0;

/** `total` requests at `rps`, scheduled against the clock; latencies of the ones that succeed. */
function run(total: number): Promise<number[]> {
  const latencies: number[] = [];
  const start = performance.now();
  let sent = 0;
  return new Promise((resolve) => {
    let done = 0;
    const settle = () => {
      if (++done === total) resolve(latencies);
    };
    const fire = () => {
      sent++;
      const t0 = performance.now();
      pool.request({ path: u.pathname, method: 'GET', headers: { host: host! } }).then(
        async (r) => {
          await r.body.dump();
          if (r.statusCode !== 200) failed++;
          latencies.push(performance.now() - t0);
          settle();
        },
        () => {
          failed++;
          settle();
        },
      );
    };
    // A slow response does not delay the next request.
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rps));
      while (sent < due) fire();
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
}

await run(rps * WARMUP_SECONDS);
failed = 0;
const latencies = await run(rps * seconds);
await pool.close();
latencies.sort((a, b) => a - b);
const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
console.log(JSON.stringify({ sent: rps * seconds, failed, p50_ms: q(0.5), p99_ms: q(0.99) }));
