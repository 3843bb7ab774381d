// Open-loop load at a fixed rate, for added-latency figures (wrk has no rate limit).
// Prints one JSON line: {"sent", "failed", "p50_ms", "p99_ms"}.
// Usage: node bench/load-fixed-rate.ts URL HOST RPS SECONDS
import { Pool } from 'undici';

const [url, host, rpsText, secondsText] = process.argv.slice(2);
const rps = Number(rpsText);
const seconds = Number(secondsText);
const u = new URL(url!);
const pool = new Pool(u.origin, { connections: 32, pipelining: 1 });
const latencies: number[] = [];
let failed = 0;
let sent = 0;
const total = rps * seconds;
const start = performance.now();

await new Promise<void>((resolve) => {
  let done = 0;
  const fire = () => {
    sent++;
    const t0 = performance.now();
    pool.request({ path: u.pathname, method: 'GET', headers: { host: host! } }).then(
      async (r) => {
        await r.body.dump();
        if (r.statusCode !== 200) failed++;
        latencies.push(performance.now() - t0);
        if (++done === total) resolve();
      },
      () => {
        failed++;
        if (++done === total) resolve();
      },
    );
  };
  // Schedule against the clock so a slow response does not delay the next request.
  const tick = () => {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rps));
    while (sent < due) fire();
    if (sent < total) setTimeout(tick, 1);
  };
  tick();
});
await pool.close();
latencies.sort((a, b) => a - b);
const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
console.log(JSON.stringify({ sent, failed, p50_ms: q(0.5), p99_ms: q(0.99) }));
