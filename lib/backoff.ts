// Retry delays shared by every reconnecting client in weft (the control plane's Kubernetes
// watches, the proxy's Destination streams).

/** `baseMs` doubled per failure up to `maxMs`, with jitter. */
export function backoff(failures: number, baseMs: number, maxMs: number): number {
  return jitter(Math.min(maxMs, baseMs * 2 ** Math.min(failures, 30)));
}

/** Between half and all of `ms`: reconnecting clients spread out instead of arriving together. */
export function jitter(ms: number): number {
  return ms / 2 + Math.random() * (ms / 2);
}
