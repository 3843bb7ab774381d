// Waiting for a condition in tests: bounded in time and in tries, never a fixed sleep.
import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Named in the error when the condition never holds. */
  what?: string;
}

/** Polls `cond` until it returns a truthy value, which is returned; throws after timeoutMs. */
export async function waitFor<T>(cond: () => T | Promise<T>, options: WaitOptions = {}): Promise<NonNullable<T>> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 10;
  const deadline = Date.now() + timeoutMs;
  const maxTries = Math.ceil(timeoutMs / intervalMs) + 1;
  for (let i = 0; i < maxTries; i++) {
    const value = await cond();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) break;
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${options.what ?? 'a condition'}`);
}
