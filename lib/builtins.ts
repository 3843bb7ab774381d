/**
 * node:http and node:http2 for weft's long-running processes. Not `import http from
 * 'node:http'`: an ES import builds the builtin's whole namespace, and that reads its lazy
 * exports (WebSocket, fetch…), which load Node's bundled undici: +12–16 MB of RSS in every
 * process, measured with process.memoryUsage.rss() on Node 24. getBuiltinModule does not.
 * Type-only imports (`import type http from 'node:http'`) cost nothing and stay as they are.
 */
export const nodeHttp = process.getBuiltinModule('node:http');
export const nodeHttp2 = process.getBuiltinModule('node:http2');
