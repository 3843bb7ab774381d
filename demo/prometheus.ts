// The demo's Prometheus (when the `prometheus` binary is installed): a temporary config
// that scrapes every proxy, the control plane and the exporter at a short interval.
import { accessSync, constants, writeFileSync } from 'node:fs';
import path from 'node:path';
import { NAMESPACE } from './topology.ts';

export interface ScrapeTargets {
  /** Sidecar admin addresses by pod name. */
  proxies: { pod: string; addr: string }[];
  control: string;
  exporter: string;
}

/** prometheus.yml (JSON is YAML): `pod` and `namespace` target labels as Kubernetes discovery would add. */
export function prometheusConfig(t: ScrapeTargets, intervalS: number): string {
  return JSON.stringify(
    {
      global: { scrape_interval: `${intervalS}s`, evaluation_interval: `${intervalS}s`, scrape_timeout: `${intervalS}s` },
      scrape_configs: [
        { job_name: 'weft-proxy', static_configs: t.proxies.map((p) => ({ targets: [p.addr], labels: { namespace: NAMESPACE, pod: p.pod } })) },
        { job_name: 'weft-control', static_configs: [{ targets: [t.control], labels: { namespace: 'weft-system', pod: 'weft-control-0' } }] },
        { job_name: 'weft-exporter', static_configs: [{ targets: [t.exporter] }] },
      ],
    },
    null,
    2,
  );
}

/** The `prometheus` binary on PATH, or undefined. */
export function findPrometheus(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir || '.', 'prometheus');
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Writes the config under `dir`; the arguments to run Prometheus on `listen` with data in `dir`. */
export function prometheusArgs(dir: string, listen: string, targets: ScrapeTargets, intervalS: number): string[] {
  const config = path.join(dir, 'prometheus.yml');
  writeFileSync(config, prometheusConfig(targets, intervalS));
  return [`--config.file=${config}`, `--storage.tsdb.path=${path.join(dir, 'prometheus-data')}`, `--web.listen-address=${listen}`, '--log.level=warn'];
}
