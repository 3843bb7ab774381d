// The sidecar-injection webhook: POST /inject over HTTPS, AdmissionReview in and out.
// `weft control --injector-addr` starts it with the certificate the Helm chart mounts.
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { HostPort } from '../../lib/addr.ts';
import { defineError, errorMessage } from '../../lib/errors.ts';
import type { Logger } from '../../lib/log.ts';
import type { InjectorConfig } from './config.ts';
import { parseReview, respond, review, type ReviewOutcome } from './review.ts';

export const InjectorTlsError = defineError('WEFT_INJECTOR_TLS', 'The injector webhook cannot read or use its TLS certificate or key.');

/** The injector's metrics, declared in one place. */
function injectorMetrics(registry: Registry) {
  return {
    reviews: new Counter({
      name: 'weft_control_injector_reviews_total',
      help: 'AdmissionReviews answered, by result (injected, skipped, malformed) and reason.',
      labelNames: ['result', 'reason'] as const,
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'weft_control_injector_review_duration_seconds',
      help: 'Time from a review arriving to its answer being sent.',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    namespaceLookupFailures: new Counter({
      name: 'weft_control_injector_namespace_lookup_failures_total',
      help: "Reviews answered without the namespace's annotations because looking them up failed.",
      registers: [registry],
    }),
  };
}

export interface InjectorOptions {
  addr: HostPort;
  certFile: string;
  keyFile: string;
  config: InjectorConfig;
  registry: Registry;
  log: Logger;
  /** The namespace's annotations (from the informer's cache); undefined when unknown. */
  namespaceAnnotations?: (namespace: string) => Promise<Record<string, string> | undefined> | Record<string, string> | undefined;
  /** How often to re-read the certificate files (cert-manager rotates them). 0 = never. */
  certReloadMs?: number;
  maxBodyBytes?: number;
}

export interface InjectorServer {
  address: HostPort;
  close(): Promise<void>;
}

function readTls(certFile: string, keyFile: string): { cert: Buffer; key: Buffer } {
  try {
    return { cert: fs.readFileSync(certFile), key: fs.readFileSync(keyFile) };
  } catch (err) {
    throw new InjectorTlsError(`cannot read injector certificate: ${errorMessage(err)}`, { certFile, keyFile }, { cause: err });
  }
}

export async function startInjector(opts: InjectorOptions): Promise<InjectorServer> {
  const metrics = injectorMetrics(opts.registry);
  const maxBody = opts.maxBodyBytes ?? 8 << 20;
  let tls = readTls(opts.certFile, opts.keyFile);
  let server: https.Server;
  try {
    server = https.createServer({ ...tls, minVersion: 'TLSv1.2' });
  } catch (err) {
    throw new InjectorTlsError(`invalid injector certificate or key: ${errorMessage(err)}`, { certFile: opts.certFile }, { cause: err });
  }

  const count = (outcome: ReviewOutcome) => {
    metrics.reviews.inc({ result: outcome.result, reason: 'reason' in outcome ? outcome.reason : '' });
  };

  const answer = async (body: string | undefined): Promise<unknown> => {
    if (body === undefined) {
      count({ result: 'malformed', reason: 'too-large' });
      opts.log.warn({ maxBody }, 'admission review too large, allowed without injection');
      return respond('', undefined, [`review larger than ${maxBody} bytes, pod not injected`]);
    }
    const parsed = parseReview(body);
    if (!parsed.ok) {
      count({ result: 'malformed', reason: parsed.reason });
      opts.log.warn({ reason: parsed.reason, uid: parsed.uid }, parsed.message);
      return respond(parsed.uid, undefined, [`${parsed.message}; pod not injected`]);
    }
    const warnings: string[] = [];
    let nsAnnotations: Record<string, string> | undefined;
    try {
      nsAnnotations = await opts.namespaceAnnotations?.(parsed.namespace);
    } catch (err) {
      metrics.namespaceLookupFailures.inc();
      warnings.push(`namespace ${parsed.namespace} annotations unavailable (${errorMessage(err)}); only the pod's own annotations apply`);
    }
    const { answer: reply, outcome } = review(parsed, nsAnnotations, opts.config, warnings);
    count(outcome);
    opts.log.info({ uid: parsed.uid, namespace: parsed.namespace, pod: parsed.pod.metadata?.name ?? parsed.pod.metadata?.generateName, ...outcome }, 'admission review');
    return reply;
  };

  server.on('request', (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/inject') return void res.writeHead(404).end('not found\n');
    if (req.method !== 'POST') return void res.writeHead(405, { allow: 'POST' }).end('method not allowed\n');
    const stop = metrics.duration.startTimer();
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBody) chunks.push(chunk);
    });
    req.on('end', () => {
      answer(size > maxBody ? undefined : Buffer.concat(chunks).toString('utf8')).then(
        (reply) => {
          const text = JSON.stringify(reply);
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
          stop();
        },
        (err: unknown) => {
          opts.log.error({ err }, 'admission review failed');
          res.writeHead(500).end();
        },
      );
    });
  });
  server.on('tlsClientError', (err) => opts.log.debug({ err: errorMessage(err) }, 'injector TLS handshake failed'));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.addr.port, opts.addr.host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const reloadMs = opts.certReloadMs ?? 60_000;
  const reload =
    reloadMs > 0
      ? setInterval(() => {
          try {
            const next = readTls(opts.certFile, opts.keyFile);
            if (next.cert.equals(tls.cert) && next.key.equals(tls.key)) return;
            server.setSecureContext(next);
            tls = next;
            opts.log.info('injector certificate reloaded');
          } catch (err) {
            opts.log.error({ err: errorMessage(err) }, 'injector certificate reload failed; keeping the current one');
          }
        }, reloadMs).unref()
      : undefined;

  const bound = server.address() as AddressInfo;
  opts.log.info({ injector: { host: bound.address, port: bound.port } }, 'injector webhook listening');
  return {
    address: { host: bound.address, port: bound.port },
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(reload);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
