import { Command, InvalidArgumentError, Option } from 'commander';
import { flag, logLevelFlag, parseDurationMs } from '../cli/options.ts';
import { parseAddr, formatAddr, type HostPort } from '../lib/addr.ts';
import { startAdmin, type AdminServer } from '../lib/admin.ts';
import { onShutdown } from '../lib/lifecycle.ts';
import { createLogger, type Logger } from '../lib/log.ts';
import { v8FlagSet } from '../lib/runtime.ts';
import { COLLECTORS } from './collector/index.ts';
import type { Collector } from './collector/collector.ts';
import type { PodSource } from './container/kube.ts';
import { NodeNameError } from './errors.ts';
import { CONTENT_TYPE } from './exposition.ts';
import { makePaths, type Roots } from './paths.ts';
import { createScraper } from './scrape.ts';
import { heapCollector } from './heap.ts';
import { processFamilies } from './self-metrics.ts';

export interface ExporterOptions {
  listen: HostPort;
  telemetryPath: string;
  roots: Roots;
  collectors: readonly Collector[];
  /** undefined: no Kubernetes pod metadata. */
  kubernetes?: { kubeconfig?: string; nodeName: string; refreshMs: number };
  log: Logger;
  /** Adds the process_* families (the command does; tests of the collectors need not). */
  processMetrics?: boolean;
}

export interface Exporter {
  admin: AdminServer;
  pods?: PodSource;
  close(): Promise<void>;
}

export async function startExporter(opts: ExporterOptions): Promise<Exporter> {
  // @kubernetes/client-node costs 46–63 MB of memory at import: load it only when there is a cluster.
  const pods = opts.kubernetes && (await import('./container/kube.ts')).startPodSource({ ...opts.kubernetes, log: opts.log });
  const collectGarbage = heapCollector();
  const own = opts.processMetrics ? processFamilies() : undefined;
  const scraper = createScraper({ collectors: opts.collectors, paths: makePaths(opts.roots), log: opts.log, pods: pods?.lookup, own });
  const admin = await startAdmin({
    addr: opts.listen,
    registry: {
      metrics: () => scraper.scrape(),
      contentType: CONTENT_TYPE,
      // Once the response is out: the collection pauses the event loop (≈ 40 ms).
      sent: collectGarbage,
    },
    log: opts.log,
    ready: () => true,
    metricsPath: opts.telemetryPath,
  });
  opts.log.info(
    { address: formatAddr(admin.address), path: opts.telemetryPath, collectors: opts.collectors.map((c) => c.name), kubernetes: Boolean(pods), optimizingCompilers: !v8FlagSet('--no-opt') },
    'exporter listening',
  );
  return {
    admin,
    pods,
    close: async () => {
      pods?.stop();
      await admin.close();
    },
  };
}

/** The collectors the flags enable: defaults, less --no-collector.X, plus --collector.X. */
export function enabledCollectors(opts: Record<string, unknown>): Collector[] {
  const base = opts['collector.disableDefaults'] === true;
  return COLLECTORS.filter((c) => {
    const v = opts[`collector.${c.name}`];
    return v === undefined ? c.defaultEnabled && !base : v === true;
  });
}

interface CliOptions {
  'web.listenAddress': string;
  'web.telemetryPath': string;
  'path.procfs': string;
  'path.sysfs': string;
  'path.rootfs': string;
  'path.cgroupfs': string;
  kubernetes: boolean;
  kubeconfig?: string;
  nodeName?: string;
  'kubernetes.refresh': number;
  logLevel: string;
  [k: string]: unknown;
}

function kubernetesOptions(o: CliOptions, log: Logger): ExporterOptions['kubernetes'] {
  if (!o.kubernetes) return undefined;
  if (!o.kubeconfig && !process.env.KUBERNETES_SERVICE_HOST) {
    log.info('no kubeconfig and not in a cluster: container labels come from cgroup paths');
    return undefined;
  }
  const nodeName = o.nodeName ?? process.env.NODE_NAME;
  if (!nodeName) throw new NodeNameError('Kubernetes pod metadata needs this node\'s name: --node-name, NODE_NAME or WEFT_NODE_NAME (or --no-kubernetes)');
  return { kubeconfig: o.kubeconfig, nodeName, refreshMs: o['kubernetes.refresh'] };
}

function durationArg(text: string): number {
  try {
    const ms = parseDurationMs(text);
    if (ms > 0) return ms;
  } catch {
    // reported below as a usage error
  }
  throw new InvalidArgumentError(`"${text}" is not a positive duration such as 10s or 1m`);
}

export function exporterCommand(): Command {
  const cmd = new Command('exporter')
    .description('serve node (node_exporter) and container (cAdvisor) metrics from /proc, /sys and cgroups')
    .addOption(flag('--web.listen-address <addr>', 'address to serve metrics on', ':9100'))
    .addOption(flag('--web.telemetry-path <path>', 'path of the metrics endpoint', '/metrics'))
    .addOption(flag('--path.procfs <dir>', 'procfs mount point', '/proc'))
    .addOption(flag('--path.sysfs <dir>', 'sysfs mount point', '/sys'))
    .addOption(flag('--path.rootfs <dir>', 'where the host root filesystem is mounted', '/'))
    .addOption(flag('--path.cgroupfs <dir>', 'cgroup filesystem mount point (v1 controllers or the v2 unified root)', '/sys/fs/cgroup'))
    // No environment fallback: commander would read any value of WEFT_KUBERNETES, even "true", as --no-kubernetes.
    .addOption(new Option('--no-kubernetes', 'do not ask the Kubernetes API for pod names, namespaces and images'))
    .addOption(flag('--kubeconfig <file>', 'kubeconfig to reach the API (default: in-cluster service account)'))
    .addOption(flag('--node-name <name>', "this node's name, to list only its pods (also NODE_NAME, as the downward API sets it)"))
    .addOption(
      flag('--kubernetes.refresh <duration>', "how often this node's pods are re-listed")
        .argParser(durationArg)
        .default(30_000, '30s'),
    )
    .addOption(flag('--runtime.optimize', "let V8's optimizing compilers compile hot code: ≈ 40% less time per container, ≈ 10 MB more memory (read at start-up, see cli/runtime-flags.ts)", false))
    .addOption(new Option('--collector.disable-defaults', 'enable only the collectors named with --collector.<name>'))
    .addOption(logLevelFlag());
  for (const c of COLLECTORS) {
    cmd.addOption(new Option(`--collector.${c.name}`, `enable the ${c.name} collector: ${c.description}${c.defaultEnabled ? ' (default)' : ''}`));
    cmd.addOption(new Option(`--no-collector.${c.name}`, `disable the ${c.name} collector`));
  }
  return cmd.action(async (o: CliOptions) => {
    const log = createLogger('exporter', o.logLevel);
    const exporter = await startExporter({
      listen: parseAddr(o['web.listenAddress']),
      telemetryPath: o['web.telemetryPath'],
      roots: { procfs: o['path.procfs'], sysfs: o['path.sysfs'], rootfs: o['path.rootfs'], cgroupfs: o['path.cgroupfs'] },
      collectors: enabledCollectors(o),
      kubernetes: kubernetesOptions(o, log),
      log,
      processMetrics: true,
    });
    onShutdown(log, () => exporter.close());
  });
}
