import type http2 from 'node:http2';

/**
 * node:http and node:http2 for weft's long-running processes. Not `import http from
 * 'node:http'`: an ES import builds the builtin's whole namespace, and that reads its lazy
 * exports (WebSocket, fetch…), which load Node's bundled undici: +12–16 MB of RSS in every
 * process, measured with process.memoryUsage.rss() on Node 24. getBuiltinModule does not.
 * Type-only imports (`import type http from 'node:http'`) cost nothing and stay as they are.
 */
export const nodeHttp = process.getBuiltinModule('node:http');

/**
 * node:fs for the exporter, which reads files and nothing else: the ES namespace reads
 * `fs.promises`, whose getter loads fs/promises and the streams behind it (+2.7 MB of RSS
 * in an empty process).
 */
export const nodeFs = process.getBuiltinModule('node:fs');

/**
 * node:http2 on first use: it loads tls and crypto with it, ≈ 4 MB of resident memory
 * (9 MB in an otherwise empty process) that the exporter and the CLI commands never need.
 */
export function nodeHttp2(): typeof http2 {
  return process.getBuiltinModule('node:http2');
}
