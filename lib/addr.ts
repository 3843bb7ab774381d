import { defineError } from './errors.ts';

export const InvalidAddressError = defineError('WEFT_INVALID_ADDRESS', 'A listen or connect address is not host:port.');

export interface HostPort {
  host: string;
  port: number;
}

/**
 * Parses `host:port`, `[v6]:port` or `:port` (all interfaces). `defaultHost` fills an
 * empty host, as node_exporter's `:9100` does.
 */
export function parseAddr(text: string, defaultHost = '0.0.0.0'): HostPort {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(text.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || !(port >= 0 && port <= 65535)) {
    throw new InvalidAddressError(`invalid address "${text}": expected host:port`, { address: text });
  }
  return { host: m[1] ?? (m[2] || defaultHost), port };
}

export function formatAddr({ host, port }: HostPort): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
