// `weft init-iptables`: run once per pod, as root with NET_ADMIN, before the proxy
// starts (the injector adds it as the first init container).
import { spawnSync } from 'node:child_process';
import { Command } from 'commander';
import { flag } from '../../cli/options.ts';
import { defineError } from '../../lib/errors.ts';
import { parseCidrList, parsePortList } from '../../lib/ports.ts';
import { OUTBOUND_CHAIN, natRules, type RuleOptions } from './rules.ts';

export const IptablesError = defineError('WEFT_IPTABLES', '`weft init-iptables` could not write the nat rules (iptables missing, no NET_ADMIN, or rejected rules).');
export const InvalidPortError = defineError('WEFT_INVALID_PORT', 'A port or UID flag is not a number in range.');

interface Flags {
  proxyUid: string;
  inboundPort: string;
  outboundPort: string;
  skipInboundPorts: string;
  skipOutboundPorts: string;
  skipOutboundCidrs: string;
  ipv6: boolean;
  dryRun: boolean;
  iptables: string;
}

function number(name: string, text: string, min: number, max: number): number {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= min && n <= max)) throw new InvalidPortError(`--${name} "${text}": expected ${min}-${max}`, { flag: name, value: text });
  return n;
}

function run(cmd: string, args: string[], input?: string) {
  const r = spawnSync(cmd, args, { input, encoding: 'utf8', timeout: 30_000 });
  return { ok: r.status === 0, error: r.error?.message ?? r.stderr.trim() };
}

export function initIptablesCommand(): Command {
  return new Command('init-iptables')
    .description("redirect the pod's TCP traffic through the proxy (nat rules; run as root with NET_ADMIN)")
    .addOption(flag('--proxy-uid <uid>', "UID the proxy runs as: its own traffic is not redirected", '2102'))
    .addOption(flag('--inbound-port <port>', "the proxy's inbound port: where connections to the pod go", '4143'))
    .addOption(flag('--outbound-port <port>', "the proxy's outbound port: where the pod's connections go", '4140'))
    .addOption(flag('--skip-inbound-ports <ports>', 'inbound ports left alone, e.g. 4191,9000-9010', ''))
    .addOption(flag('--skip-outbound-ports <ports>', 'outbound destination ports left alone', ''))
    .addOption(flag('--skip-outbound-cidrs <cidrs>', 'outbound destination CIDRs left alone, e.g. 169.254.169.254/32', ''))
    .addOption(flag('--ipv6', 'also write the rules with ip6tables', false))
    .addOption(flag('--iptables <command>', 'iptables flavour: iptables (nft), iptables-legacy', 'iptables'))
    .addOption(flag('--dry-run', 'print the rules (iptables-restore input) instead of applying them', false))
    .helpOption('-h, --help', 'display help')
    .action((o: Flags) => {
      const base = {
        proxyUid: number('proxy-uid', o.proxyUid, 1, 2 ** 31 - 1),
        inboundPort: number('inbound-port', o.inboundPort, 1, 65535),
        outboundPort: number('outbound-port', o.outboundPort, 1, 65535),
        skipInboundPorts: parsePortList(o.skipInboundPorts),
        skipOutboundPorts: parsePortList(o.skipOutboundPorts),
        skipOutboundCidrs: parseCidrList(o.skipOutboundCidrs),
      };
      const families: (4 | 6)[] = o.ipv6 ? [4, 6] : [4];
      for (const family of families) {
        const iptables = family === 6 ? o.iptables.replace(/^iptables/, 'ip6tables') : o.iptables;
        const options: RuleOptions = { ...base, family, jumps: true };
        if (o.dryRun) {
          process.stdout.write(`# ${iptables}-restore --noflush\n${natRules(options)}`);
          continue;
        }
        // Run twice (an init container restarted in the same pod): refill our chains,
        // and do not add the jumps to them a second time.
        options.jumps = !run(iptables, ['-t', 'nat', '-S', OUTBOUND_CHAIN]).ok;
        const applied = run(`${iptables}-restore`, ['--noflush'], natRules(options));
        if (!applied.ok) throw new IptablesError(`${iptables}-restore failed: ${applied.error}`, { family });
        process.stderr.write(`weft init-iptables: IPv${family} nat rules ${options.jumps ? 'written' : 'refreshed'} (${iptables})\n`);
      }
    });
}
