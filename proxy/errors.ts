import { defineError } from '../lib/errors.ts';

export const InvalidTcpMapError = defineError('WEFT_PROXY_INVALID_TCP_MAP', 'A --tcp-map entry is not localPort=authority.');
export const InvalidProxyFlagError = defineError('WEFT_PROXY_INVALID_FLAG', 'A proxy flag has a value out of range or of the wrong form.');

/**
 * Why the proxy answered a request itself; sent as the `weft-error` response header and
 * counted in weft_proxy_errors_total{reason}.
 */
export const REASONS = {
  'bad-request': 400,
  'no-endpoints': 503,
  'discovery-timeout': 503,
  'unknown-destination': 502,
  'connect-refused': 502,
  'connect-timeout': 504,
  'dns-failure': 502,
  'upstream-reset': 502,
  'upstream-error': 502,
  'shutting-down': 503,
  timeout: 504,
} as const;

export type Reason = keyof typeof REASONS;

/** Maps a connect/forward failure to the reason a client sees. */
export function reasonOf(err: unknown): Reason {
  const code = (err as { code?: string } | undefined)?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connect-refused';
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return 'connect-timeout';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'dns-failure';
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'ERR_HTTP2_STREAM_CANCEL':
      // node:http2 cancels streams queued on a session that failed to connect: the cause says why.
      return (err as { cause?: unknown }).cause ? reasonOf((err as { cause?: unknown }).cause) : 'upstream-reset';
    case 'ERR_HTTP2_STREAM_ERROR':
    case 'ERR_HTTP2_GOAWAY_SESSION':
      return 'upstream-reset';
    default:
      return 'upstream-error';
  }
}
