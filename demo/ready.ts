import { setTimeout as sleep } from 'node:timers/promises';
import type { Child } from './supervisor.ts';
import { DemoStartError } from './errors.ts';

/** Polls every URL until each answers 200, at most `timeoutMs`; fails at once if a child died. */
export async function waitReady(urls: string[], timeoutMs: number, failed: () => Child | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(urls);
  while (pending.size > 0) {
    const dead = failed();
    if (dead) throw new DemoStartError(`${dead.name} exited during start-up (${dead.exit})`, { process: dead.name });
    await Promise.all(
      [...pending].map(async (url) => {
        try {
          const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
          await res.arrayBuffer();
          if (res.ok) pending.delete(url);
        } catch {
          // not up yet
        }
      }),
    );
    if (pending.size === 0) return;
    if (Date.now() > deadline) throw new DemoStartError(`not ready within ${timeoutMs / 1000}s: ${[...pending].join(', ')}`, { pending: [...pending] });
    await sleep(200);
  }
}
