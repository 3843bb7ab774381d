// gRPC and HTTP/2 pieces for the proxy's h2 tests: a raw-bytes gRPC service (no proto
// needed) whose endpoints misbehave on demand, its client, and a one-shot h2 request.
import http2 from 'node:http2';
import * as grpc from '@grpc/grpc-js';
import { LoadLoop, type LoadResult } from './chaos.ts';

const id = (b: Buffer) => b;
export const TEST_SERVICE = {
  echo: { path: '/test.Echo/Echo', requestStream: false, responseStream: false, requestSerialize: id, requestDeserialize: id, responseSerialize: id, responseDeserialize: id },
  feed: { path: '/test.Echo/Feed', requestStream: false, responseStream: true, requestSerialize: id, requestDeserialize: id, responseSerialize: id, responseDeserialize: id },
} as const;

/**
 * ok: Echo answers "name:request", Feed sends "name" and ends. unavailable: UNAVAILABLE
 * (trailers-only); late-unavailable: response headers first, then UNAVAILABLE in the
 * trailers, and Feed sends one message before it; stall: never answers.
 */
export type Behaviour = 'ok' | 'unavailable' | 'late-unavailable' | 'stall';

export interface TestGrpcServer {
  port: number;
  /** Calls received. */
  calls: number;
  close(): Promise<void>;
}

export async function grpcServer(name: string, behaviour: Behaviour, host = '127.0.0.1'): Promise<TestGrpcServer> {
  const server = new grpc.Server();
  const unavailable = { code: grpc.status.UNAVAILABLE, details: `${name} unavailable` };
  const s: TestGrpcServer = { port: 0, calls: 0, close: () => new Promise<void>((r) => server.tryShutdown(() => r())) };
  server.addService(TEST_SERVICE, {
    echo: (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => {
      s.calls++;
      if (behaviour === 'stall') return;
      if (behaviour === 'ok') return cb(null, Buffer.from(`${name}:${call.request.toString()}`));
      if (behaviour === 'late-unavailable') call.sendMetadata(new grpc.Metadata());
      cb(unavailable);
    },
    feed: (call: grpc.ServerWritableStream<Buffer, Buffer>) => {
      s.calls++;
      if (behaviour === 'stall') return;
      if (behaviour !== 'unavailable') call.write(Buffer.from(name));
      if (behaviour === 'ok') call.end();
      else call.emit('error', unavailable);
    },
  });
  s.port = await new Promise<number>((resolve, reject) => server.bindAsync(`${host}:0`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
  const close = s.close;
  s.close = async () => {
    server.forceShutdown();
    await close();
  };
  return s;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const EchoClient = grpc.makeGenericClientConstructor(TEST_SERVICE as any, 'Echo');

export interface EchoClient {
  echo(req: Buffer, md: grpc.Metadata, opts: grpc.CallOptions, cb: (err: grpc.ServiceError | null, r: Buffer) => void): void;
  feed(req: Buffer): grpc.ClientReadableStream<Buffer>;
  close(): void;
}

/** A client of the test service through the proxy at `port`, for `authority`. */
export function echoClient(port: number, authority: string): EchoClient {
  return new EchoClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), { 'grpc.default_authority': authority }) as unknown as EchoClient;
}

export type CallResult = { reply: string } | { err: grpc.ServiceError };

export function callEcho(c: EchoClient, payload: string, opts: grpc.CallOptions = {}, md = new grpc.Metadata()): Promise<CallResult> {
  return new Promise((resolve) => c.echo(Buffer.from(payload), md, opts, (err, r) => resolve(err ? { err } : { reply: r.toString() })));
}

/** Feed's messages, and its error if it ended with one. */
export function callFeed(c: EchoClient): Promise<{ messages: string[]; err?: grpc.ServiceError }> {
  return new Promise((resolve) => {
    const messages: string[] = [];
    const call = c.feed(Buffer.from('go'));
    call.on('data', (b: Buffer) => messages.push(b.toString()));
    call.on('error', (err: grpc.ServiceError) => resolve({ messages, err }));
    call.on('end', () => resolve({ messages }));
  });
}

export interface H2Result {
  status: number;
  headers: http2.IncomingHttpHeaders;
  body: string;
  /** The stream was reset or failed (after `status` arrived, or before). */
  error?: string;
}

/** One request on `session`; resolves when the stream closes, whatever happened. */
export function h2Request(session: http2.ClientHttp2Session, headers: http2.OutgoingHttpHeaders, body?: string): Promise<H2Result> {
  return new Promise((resolve) => {
    const req = session.request(headers, { endStream: body === undefined });
    const r: H2Result = { status: 0, headers: {}, body: '' };
    req.on('response', (h) => {
      r.status = Number(h[':status']);
      r.headers = h;
    });
    req.setEncoding('utf8');
    req.on('data', (c: string) => (r.body += c));
    req.on('error', (err) => (r.error = (err as { code?: string }).code ?? err.message));
    req.on('close', () => {
      // node reports a reset as the stream's end; its code tells them apart.
      if (req.rstCode && !r.error) r.error = `RST_STREAM ${req.rstCode}`;
      resolve(r);
    });
    if (body !== undefined) req.end(body);
  });
}

/** A plain h2c server: `handle` answers each stream. */
export async function h2Server(handle: (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders) => void, host = '127.0.0.1') {
  const server = http2.createServer();
  const sessions = new Set<http2.Http2Session>();
  server.on('session', (s) => {
    sessions.add(s);
    s.on('close', () => sessions.delete(s));
  });
  server.on('stream', (stream, headers) => {
    stream.on('error', () => {});
    handle(stream, headers);
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sessions) s.destroy();
        server.close(() => r());
      }),
  };
}

/** Unary Echo calls through the proxy. */
export class GrpcLoad extends LoadLoop {
  private readonly client: EchoClient;

  constructor(port: number, authority: string, opts: { concurrency?: number; max?: number } = {}) {
    const client = echoClient(port, authority);
    super(async () => {
      const r = await callEcho(client, 'x');
      // The endpoint's name on success, "grpc <code>" otherwise.
      return 'reply' in r ? { key: r.reply.split(':')[0]!, failed: false } : { key: `grpc ${r.err.code}`, failed: true };
    }, opts);
    this.client = client;
  }

  override async stop(): Promise<LoadResult> {
    const r = await super.stop();
    this.client.close();
    return r;
  }
}
