// Loaded by cli/runtime-flags.ts in every weft process: no ES import of node:v8 (its
// namespace costs memory the exporter counts, see lib/builtins.ts).

let maglev = true;

/**
 * V8 settings for the sidecar: TurboFan, V8's top tier, without Maglev, the mid tier in
 * front of it. The proxy's request path is hot within a second of load, so what Maglev
 * buys (code that is optimized sooner) lasts moments, and what it costs stays: its own
 * machine code (≈ 1.6 MB of the Node binary) and its compilation zones. Measured with both
 * proxies under the same load in alternating slices: 3–7 MB less peak RSS, CPU per request
 * no worse (README → Performance → Proxy). cli/runtime-flags.ts sets it before anything
 * else runs, unless WEFT_RUNTIME_OPTIMIZE is set.
 */
export function proxyRuntime(): void {
  process.getBuiltinModule('node:v8').setFlagsFromString('--no-maglev');
  maglev = false;
}

/** Whether this process still has Maglev (the proxy logs it at start). */
export function maglevEnabled(): boolean {
  return maglev;
}
