// Where an outbound request is going, from the Host header / :authority or the
// absolute-form request target, with Kubernetes short names completed.

export interface Target {
  /** What discovery is asked about: "name.ns.svc.<domain>:port" or "ip:port". */
  authority: string;
  /** Where to connect when control does not know the authority (DNS or an IP). */
  host: string;
  port: number;
}

export interface NameContext {
  namespace: string;
  clusterDomain: string;
}

const HOST_RE = /^(?:\[([0-9a-f:.]+)\]|([a-z0-9_.-]+))(?::(\d{1,5}))?$/i;
const IPV4_RE = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** Parses "host[:port]"; undefined when it is not a valid authority. */
export function parseAuthority(text: string, ctx: NameContext, defaultPort = 80): Target | undefined {
  const m = HOST_RE.exec(text.trim());
  if (!m) return undefined;
  const port = m[3] === undefined ? defaultPort : Number(m[3]);
  if (!(port > 0 && port < 65536)) return undefined;
  if (m[1]) return { authority: `[${m[1].toLowerCase()}]:${port}`, host: m[1], port };
  const host = m[2]!.toLowerCase().replace(/\.$/, '');
  if (IPV4_RE.test(host) || host === 'localhost') return { authority: `${host}:${port}`, host, port };
  const fqdn = completeName(host, ctx);
  return { authority: `${fqdn}:${port}`, host: fqdn, port };
}

/** `web` → `web.<ns>.svc.<domain>`, `web.other` → `web.other.svc.<domain>`, `web.other.svc` → + domain. */
export function completeName(host: string, ctx: NameContext): string {
  const parts = host.split('.');
  if (parts.length === 1) return `${host}.${ctx.namespace}.svc.${ctx.clusterDomain}`;
  if (parts.length === 2) return `${host}.svc.${ctx.clusterDomain}`;
  if (parts.length === 3 && parts[2] === 'svc') return `${host}.${ctx.clusterDomain}`;
  return host;
}

/** Target and origin-form path of an HTTP/1.1 request (Host header or absolute-form URI). */
export function requestTarget(url: string, hostHeader: string | undefined, ctx: NameContext): { target: Target; path: string } | undefined {
  if (url.startsWith('/')) {
    if (!hostHeader) return undefined;
    const target = parseAuthority(hostHeader, ctx);
    return target && { target, path: url };
  }
  if (!/^http:\/\//i.test(url)) return undefined;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  const target = parseAuthority(u.host, ctx);
  return target && { target, path: `${u.pathname}${u.search}` };
}
