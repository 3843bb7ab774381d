// The injector's flags, shared by `weft control` (the webhook) and `weft inject`, so both
// inject the same sidecar. Every flag is also an environment variable (WEFT_PROXY_IMAGE…).
import type { Option } from 'commander';
import type { Registry } from 'prom-client';
import { flag } from '../../cli/options.ts';
import { parseAddr } from '../../lib/addr.ts';
import { defineError } from '../../lib/errors.ts';
import type { Logger } from '../../lib/log.ts';
import { DEFAULT_CONFIG, type InjectorConfig } from './config.ts';
import { checkValue } from './overrides.ts';
import type { InjectorOptions, InjectorServer } from './webhook.ts';

export const InvalidInjectorConfigError = defineError('WEFT_INVALID_INJECTOR_CONFIG', 'An injector flag (--proxy-*) has a value the sidecar cannot use.');

const d = DEFAULT_CONFIG;

/** Flags that shape the injected sidecar. */
export function sidecarFlags(): Option[] {
  return [
    flag('--proxy-image <image>', 'image of the injected containers (its entrypoint is weft)', d.image),
    flag('--proxy-image-pull-policy <policy>', 'imagePullPolicy of the injected containers', d.imagePullPolicy).choices(['Always', 'IfNotPresent', 'Never']),
    flag('--proxy-control-addr <host:port>', "the control plane's Destination gRPC address, as sidecars dial it", d.controlAddr),
    flag('--proxy-cluster-domain <domain>', 'cluster DNS domain the sidecar completes short names with', d.clusterDomain),
    flag('--proxy-log-level <level>', "the sidecar's log level", d.logLevel),
    flag('--proxy-uid <uid>', 'UID the sidecar runs as; iptables does not redirect its traffic', String(d.proxyUid)),
    flag('--proxy-native-sidecar <bool>', 'run the proxy as a native sidecar (Kubernetes ≥ 1.29); false: a regular container', String(d.nativeSidecar)).choices(['true', 'false']),
    flag('--proxy-cpu-request <quantity>', "the sidecar's CPU request ('' for none)", d.cpuRequest),
    flag('--proxy-cpu-limit <quantity>', "the sidecar's CPU limit ('' for none)", d.cpuLimit),
    flag('--proxy-memory-request <quantity>', "the sidecar's memory request ('' for none)", d.memoryRequest),
    flag('--proxy-memory-limit <quantity>', "the sidecar's memory limit ('' for none)", d.memoryLimit),
    flag('--proxy-skip-inbound-ports <ports>', 'inbound ports not redirected to the proxy (e.g. 22,8000-8100)', d.skipInboundPorts),
    flag('--proxy-skip-outbound-ports <ports>', 'outbound ports not redirected to the proxy', d.skipOutboundPorts),
    flag('--proxy-skip-outbound-cidrs <cidrs>', 'destination CIDRs not redirected to the proxy', d.skipOutboundCidrs),
  ];
}

export interface SidecarFlagValues {
  proxyImage: string;
  proxyImagePullPolicy: string;
  proxyControlAddr: string;
  proxyClusterDomain: string;
  proxyLogLevel: string;
  proxyUid: string;
  proxyNativeSidecar: string;
  proxyCpuRequest: string;
  proxyCpuLimit: string;
  proxyMemoryRequest: string;
  proxyMemoryLimit: string;
  proxySkipInboundPorts: string;
  proxySkipOutboundPorts: string;
  proxySkipOutboundCidrs: string;
}

export function configFromFlags(o: SidecarFlagValues): InjectorConfig {
  const uid = /^\d+$/.test(o.proxyUid) ? Number(o.proxyUid) : NaN;
  if (!(uid > 0 && uid < 2 ** 31)) throw new InvalidInjectorConfigError(`--proxy-uid "${o.proxyUid}": expected a non-root UID`, { flag: 'proxy-uid' });
  parseAddr(o.proxyControlAddr);
  const config: InjectorConfig = {
    ...DEFAULT_CONFIG,
    image: o.proxyImage,
    imagePullPolicy: o.proxyImagePullPolicy as InjectorConfig['imagePullPolicy'],
    controlAddr: o.proxyControlAddr,
    clusterDomain: o.proxyClusterDomain,
    logLevel: o.proxyLogLevel,
    proxyUid: uid,
    nativeSidecar: o.proxyNativeSidecar !== 'false',
    cpuRequest: o.proxyCpuRequest,
    cpuLimit: o.proxyCpuLimit,
    memoryRequest: o.proxyMemoryRequest,
    memoryLimit: o.proxyMemoryLimit,
    skipInboundPorts: o.proxySkipInboundPorts,
    skipOutboundPorts: o.proxySkipOutboundPorts,
    skipOutboundCidrs: o.proxySkipOutboundCidrs,
  };
  const fields = ['image', 'logLevel', 'cpuRequest', 'cpuLimit', 'memoryRequest', 'memoryLimit', 'skipInboundPorts', 'skipOutboundPorts', 'skipOutboundCidrs'] as const;
  for (const field of fields) {
    const value = config[field];
    const emptyOk = field !== 'image' && field !== 'logLevel';
    if (value === '' && emptyOk) continue;
    const bad = checkValue(field, value);
    if (bad) throw new InvalidInjectorConfigError(`injector setting ${field}="${value}": ${bad}`, { field, value });
  }
  return config;
}

/** `weft control`'s webhook flags: the listener and its certificate, plus the sidecar flags. */
export function injectorFlags(): Option[] {
  return [
    flag('--injector-addr <host:port>', 'serve the sidecar-injection webhook (HTTPS) here; off when unset'),
    flag('--injector-cert <file>', "the webhook's TLS certificate (PEM)", '/var/run/weft/injector-tls/tls.crt'),
    flag('--injector-key <file>', "the webhook's TLS private key (PEM)", '/var/run/weft/injector-tls/tls.key'),
    ...sidecarFlags(),
  ];
}

export interface InjectorFlagValues extends SidecarFlagValues {
  injectorAddr?: string;
  injectorCert: string;
  injectorKey: string;
}

/** What `weft control` calls: starts the webhook when --injector-addr is set. */
export async function startInjectorFromFlags(
  o: InjectorFlagValues,
  deps: Pick<InjectorOptions, 'registry' | 'log' | 'namespaceAnnotations'> & { log: Logger; registry: Registry },
): Promise<InjectorServer | undefined> {
  if (!o.injectorAddr) return undefined;
  const { startInjector } = await import('./webhook.ts');
  return startInjector({ addr: parseAddr(o.injectorAddr), certFile: o.injectorCert, keyFile: o.injectorKey, config: configFromFlags(o), ...deps });
}
