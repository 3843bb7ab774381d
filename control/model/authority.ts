import { isIP } from 'node:net';

export type Target =
  | { by: 'name'; namespace: string; name: string; port: number }
  | { by: 'ip'; ip: string; port: number };

/**
 * Parses an authority a proxy asks for: `name.ns.svc.<clusterDomain>:port` or
 * `<clusterIP>:port` (`[v6]:port`). Returns undefined for anything else.
 */
export function parseAuthority(authority: string, clusterDomain: string): Target | undefined {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:]+)):(\d{1,5})$/.exec(authority);
  if (!m) return undefined;
  const port = Number(m[3]);
  if (port < 1 || port > 65535) return undefined;
  const ip = m[1] ?? m[2]!;
  if (isIP(ip)) return { by: 'ip', ip, port };
  if (m[1]) return undefined;
  const host = ip.toLowerCase().replace(/\.$/, '');
  const suffix = `.svc.${clusterDomain.toLowerCase()}`;
  if (!host.endsWith(suffix)) return undefined;
  const labels = host.slice(0, -suffix.length).split('.');
  if (labels.length !== 2 || !labels[0] || !labels[1]) return undefined;
  return { by: 'name', name: labels[0], namespace: labels[1], port };
}

export function serviceAuthority(name: string, namespace: string, port: number, clusterDomain: string): string {
  return `${name}.${namespace}.svc.${clusterDomain}:${port}`;
}
