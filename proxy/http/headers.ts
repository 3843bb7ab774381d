// Hop-by-hop headers (RFC 9110 §7.6.1) are not forwarded; neither are the headers the
// Connection header names. `expect` is answered by the proxy itself (100 Continue).
export const HOP_BY_HOP: ReadonlySet<string> = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'upgrade', 'proxy-authorization', 'proxy-authenticate', 'expect', 'trailer']);

/** weft's own request headers: set by the outbound proxy, consumed by the inbound one. */
export const SRC_NAMESPACE = 'weft-src-namespace';
export const SRC_WORKLOAD = 'weft-src-workload';
export const DST_SERVICE = 'weft-dst-service';

function connectionTokens(raw: readonly string[]): Set<string> | undefined {
  let tokens: Set<string> | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]!.length === 10 && raw[i]!.toLowerCase() === 'connection') {
      for (const t of raw[i + 1]!.split(',')) (tokens ??= new Set()).add(t.trim().toLowerCase());
    }
  }
  return tokens;
}

/** Request headers to send upstream, as a flat [name, value, …] list. */
export function forwardRequestHeaders(raw: readonly string[], keepUpgrade = false): string[] {
  const named = connectionTokens(raw);
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const lower = name.toLowerCase();
    const upgrading = keepUpgrade && (lower === 'upgrade' || lower === 'connection');
    if (!upgrading && (HOP_BY_HOP.has(lower) || named?.has(lower))) continue;
    if (lower.startsWith('weft-src-') || lower === DST_SERVICE) continue;
    out.push(name, raw[i + 1]!);
  }
  return out;
}
