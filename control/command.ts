import { Command } from 'commander';
import { parseAddr } from '../lib/addr.ts';
import { createLogger } from '../lib/log.ts';
import { onShutdown } from '../lib/lifecycle.ts';
import { flag, logLevelFlag, parseDurationMs } from '../cli/options.ts';
import type { Source } from './source/source.ts';

interface ControlFlags {
  manifests?: string;
  kubeconfig?: string;
  namespace?: string;
  grpcAddr: string;
  adminAddr: string;
  clusterDomain: string;
  batchWindow: string;
  streamQueue: string;
  logLevel: string;
}

export function controlCommand(): Command {
  return new Command('control')
    .description('watch the cluster (or a folder of manifests) and stream routing state to the proxies')
    .addOption(flag('--manifests <dir>', 'read Services, EndpointSlices, Pods, TrafficSplits and HTTPRoutes from the *.yaml, *.yml and *.json files of a folder (instead of the Kubernetes API, unless --kubeconfig is given too); changes apply within 1 s'))
    .addOption(flag('--kubeconfig <path>', 'kubeconfig for the Kubernetes API (default: in-cluster, then ~/.kube/config)'))
    .addOption(flag('--namespace <ns>', 'watch only this namespace (default: all)'))
    .addOption(flag('--grpc-addr <host:port>', 'address of the Destination gRPC service', '0.0.0.0:8086'))
    .addOption(flag('--admin-addr <host:port>', 'address of /metrics, /ready and /live', '0.0.0.0:9990'))
    .addOption(flag('--cluster-domain <domain>', 'cluster DNS domain of service authorities', 'cluster.local'))
    .addOption(flag('--batch-window <duration>', 'changes within this window are pushed as one update (10ms–50ms)', '20ms'))
    .addOption(flag('--stream-queue <n>', 'updates a stream may leave unread before it is disconnected as too slow', '256'))
    .addOption(logLevelFlag())
    .action(async (flags: ControlFlags) => {
      const log = createLogger('control', flags.logLevel);
      const { startControl } = await import('./run.ts');
      const { ManifestsSource } = await import('./source/manifests.ts');
      const sources: Source[] = [];
      if (flags.manifests) sources.push(new ManifestsSource({ dir: flags.manifests, log }));
      if (!flags.manifests || flags.kubeconfig) {
        // Loaded only when used: client-node alone adds ~90 MB to the process.
        const { KubernetesSource } = await import('./source/kubernetes.ts');
        sources.push(new KubernetesSource({ kubeconfig: flags.kubeconfig, namespace: flags.namespace, log }));
      }
      const control = await startControl({
        sources,
        grpcAddr: parseAddr(flags.grpcAddr),
        adminAddr: parseAddr(flags.adminAddr),
        clusterDomain: flags.clusterDomain,
        batchWindowMs: parseDurationMs(flags.batchWindow),
        maxQueue: Number(flags.streamQueue),
        log,
      });
      onShutdown(log, () => control.close());
    });
}
