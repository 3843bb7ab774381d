// Per-pod annotations that change what gets injected (weft.dev/proxy-cpu-request and
// the like). A bad value is ignored with a warning: an annotation typo must not keep a
// pod from starting, nor produce a container the API server would reject.
import { LOG_LEVELS } from '../../lib/log.ts';
import { errorMessage } from '../../lib/errors.ts';
import { parseCidrList, parsePortList } from '../../lib/ports.ts';
import { OVERRIDE_ANNOTATIONS, type InjectorConfig } from './config.ts';

// Kubernetes resource.Quantity: a decimal number with an optional SI or binary suffix.
const QUANTITY = /^[+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+|[numkMGTPE]|[KMGTPE]i)?$/;
const IMAGE = /^[a-z0-9][a-z0-9._\-/:@]*$/i;

type Check = (value: string) => string | undefined;

const checks: Record<string, Check> = {
  image: (v) => (IMAGE.test(v) ? undefined : 'not an image reference'),
  logLevel: (v) => ((LOG_LEVELS as readonly string[]).includes(v) ? undefined : `expected one of ${LOG_LEVELS.join(', ')}`),
  cpuRequest: quantity,
  cpuLimit: quantity,
  memoryRequest: quantity,
  memoryLimit: quantity,
  nativeSidecar: (v) => (v === 'true' || v === 'false' ? undefined : 'expected true or false'),
  skipInboundPorts: (v) => problem(() => parsePortList(v)),
  skipOutboundPorts: (v) => problem(() => parsePortList(v)),
  skipOutboundCidrs: (v) => problem(() => parseCidrList(v)),
};

/** Why a value is unusable for a config field, or undefined when it is fine. */
export function checkValue(field: keyof InjectorConfig, value: string): string | undefined {
  return checks[field]?.(value);
}

function quantity(v: string): string | undefined {
  return QUANTITY.test(v) ? undefined : 'not a Kubernetes quantity (e.g. 100m, 64Mi)';
}

function problem(parse: () => unknown): string | undefined {
  try {
    parse();
    return undefined;
  } catch (err) {
    return errorMessage(err);
  }
}

export function applyOverrides(base: InjectorConfig, annotations: Record<string, string>): { config: InjectorConfig; warnings: string[] } {
  const config: InjectorConfig = { ...base };
  const warnings: string[] = [];
  for (const [annotation, field] of Object.entries(OVERRIDE_ANNOTATIONS)) {
    const value = annotations[annotation];
    if (value === undefined) continue;
    const bad = checkValue(field, value.trim());
    if (bad) {
      warnings.push(`annotation ${annotation}="${value}" ignored: ${bad}`);
      continue;
    }
    if (field === 'nativeSidecar') config.nativeSidecar = value.trim() === 'true';
    else config[field] = value.trim();
  }
  return { config, warnings };
}
