// The nat rules that make the proxy transparent, as iptables-restore input. Pure, so
// `--dry-run` prints exactly what a real run applies.
import type { Cidr } from '../../lib/ports.ts';

export const INBOUND_CHAIN = 'WEFT_INBOUND';
export const OUTBOUND_CHAIN = 'WEFT_OUTBOUND';

export interface RuleOptions {
  proxyUid: number;
  inboundPort: number;
  outboundPort: number;
  /** iptables port specs: "25" or "8000:8100". */
  skipInboundPorts: string[];
  skipOutboundPorts: string[];
  skipOutboundCidrs: Cidr[];
  family: 4 | 6;
  /** False when our chains exist already: refill them, but do not jump to them twice. */
  jumps: boolean;
}

export function natRules(o: RuleOptions): string {
  const lines = ['*nat', `:${INBOUND_CHAIN} - [0:0]`, `:${OUTBOUND_CHAIN} - [0:0]`];
  // Inbound: every TCP connection to the pod goes to the proxy's inbound port, except
  // skipped ports (the proxy's admin port among them, for kubelet probes).
  for (const port of o.skipInboundPorts) lines.push(`-A ${INBOUND_CHAIN} -p tcp --dport ${port} -j RETURN`);
  lines.push(`-A ${INBOUND_CHAIN} -p tcp -j REDIRECT --to-ports ${o.inboundPort}`);
  // Outbound: the proxy's own connections leave as they are (else they would loop back
  // into it), and so does traffic that stays inside the pod.
  lines.push(`-A ${OUTBOUND_CHAIN} -m owner --uid-owner ${o.proxyUid} -j RETURN`);
  lines.push(`-A ${OUTBOUND_CHAIN} -o lo -j RETURN`);
  for (const port of o.skipOutboundPorts) lines.push(`-A ${OUTBOUND_CHAIN} -p tcp --dport ${port} -j RETURN`);
  for (const { cidr } of o.skipOutboundCidrs.filter((c) => c.family === o.family)) lines.push(`-A ${OUTBOUND_CHAIN} -d ${cidr} -j RETURN`);
  lines.push(`-A ${OUTBOUND_CHAIN} -p tcp -j REDIRECT --to-ports ${o.outboundPort}`);
  if (o.jumps) {
    lines.push(`-A PREROUTING -p tcp -j ${INBOUND_CHAIN}`);
    lines.push(`-A OUTPUT -p tcp -j ${OUTBOUND_CHAIN}`);
  }
  lines.push('COMMIT');
  return `${lines.join('\n')}\n`;
}
