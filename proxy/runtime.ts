// Loaded by cli/runtime-flags.ts in every weft process: no ES import of node:v8 (its
// namespace costs memory the exporter counts, see lib/builtins.ts).

let maglev = true;

/**
 * V8 settings for the sidecar: TurboFan, V8's top tier, without Maglev, the mid tier in
 * front of it. The proxy's request path is hot within a second of load, so what Maglev
 * buys (code that is optimized sooner) lasts moments, and what it costs stays: its own
 * machine code (≈ 1.6 MB of the Node binary) and its compilation zones. Measured with
 * proxies side by side under the same load: in each of five A/B runs the peak RSS was lower
 * without it, by 0.6–20 MB (median 5 MB), and CPU per request was 2–4% lower in both
 * interleaved ones (README → weft proxy → V8 tiers). cli/runtime-flags.ts sets it before
 * anything else runs, unless WEFT_RUNTIME_OPTIMIZE is set.
 */
export function proxyRuntime(): void {
  process.getBuiltinModule('node:v8').setFlagsFromString('--no-maglev');
  maglev = false;
}

/**
 * False once proxyRuntime() has turned Maglev off (the proxy logs it at start). It reports
 * what weft did, not V8's own flags: Maglev turned off by NODE_OPTIONS still reads true.
 */
export function maglevEnabled(): boolean {
  return maglev;
}
