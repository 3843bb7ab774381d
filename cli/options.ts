import { Option } from 'commander';
import { LOG_LEVELS } from '../lib/log.ts';

/** Environment variable for a long flag: --grpc-addr → WEFT_GRPC_ADDR, --path.procfs → WEFT_PATH_PROCFS. */
export function envName(flags: string): string {
  const long = /--(?:no-)?([a-z0-9][a-z0-9.-]*)/i.exec(flags);
  if (!long?.[1]) throw new Error(`no long flag in "${flags}"`);
  return `WEFT_${long[1].replace(/[^a-z0-9]/gi, '_').toUpperCase()}`;
}

/** A flag that can also come from WEFT_<FLAG>, as Kubernetes manifests need. */
export function flag(flags: string, description: string, defaultValue?: unknown): Option {
  const option = new Option(flags, description).env(envName(flags));
  return defaultValue === undefined ? option : option.default(defaultValue);
}

export function logLevelFlag(): Option {
  return flag('--log-level <level>', 'log level', 'info').choices(LOG_LEVELS);
}

/** Parses a duration such as 250ms, 10s, 1m or a bare number of milliseconds. */
export function parseDurationMs(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new Error(`invalid duration "${text}": expected e.g. 250ms, 10s, 1m`);
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[(m[2] ?? 'ms') as 'ms' | 's' | 'm' | 'h'];
  return Number(m[1]) * unit;
}
