import { Command, Option } from 'commander';
import { flag, logLevelFlag, parseDurationMs } from '../cli/options.ts';
import { parseAddr } from '../lib/addr.ts';
import { onShutdown } from '../lib/lifecycle.ts';
import { createLogger } from '../lib/log.ts';
import { parsePercent } from './actions.ts';
import { DemoUsageError } from './errors.ts';

interface DemoFlags {
  firstAddress: string;
  appPort: string;
  inboundPort: string;
  outboundPort: string;
  proxyAdminPort: string;
  tcpPort: string;
  controlAddr: string;
  controlAdminAddr: string;
  exporterAddr: string;
  adminAddr: string;
  prometheus: boolean;
  prometheusAddr?: string;
  scrapeInterval: string;
  rate: string;
  failRate: string;
  split: string;
  duration?: string;
  interval: string;
  logLevel: string;
}

function number(text: string, name: string, min: number, max: number, integer = false): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new DemoUsageError(`--${name}: "${text}" must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`, { flag: name });
  }
  return n;
}

function duration(text: string, name: string): number {
  try {
    const ms = parseDurationMs(text);
    if (ms > 0) return ms;
  } catch {
    // reported below with the flag's name
  }
  throw new DemoUsageError(`--${name}: invalid duration "${text}" (expected e.g. 500ms, 2s, 1m)`, { flag: name });
}

const port = (text: string, name: string) => number(text, name, 1, 65535, true);

async function runDemo(f: DemoFlags): Promise<void> {
  const log = createLogger('demo', f.logLevel);
  const percent = parsePercent(f.split);
  if (typeof percent === 'string') throw new DemoUsageError(`--split: ${percent}`);
  const { startDemo } = await import('./run.ts');
  const { weightsFor } = await import('./manifests.ts');
  const demo = await startDemo({
    firstIp: f.firstAddress,
    ports: { app: port(f.appPort, 'app-port'), inbound: port(f.inboundPort, 'inbound-port'), outbound: port(f.outboundPort, 'outbound-port'), admin: port(f.proxyAdminPort, 'proxy-admin-port'), tcp: port(f.tcpPort, 'tcp-port') },
    controlGrpc: parseAddr(f.controlAddr),
    controlAdmin: parseAddr(f.controlAdminAddr),
    exporter: parseAddr(f.exporterAddr),
    admin: parseAddr(f.adminAddr),
    prometheus: f.prometheus,
    ...(f.prometheusAddr ? { prometheusAddr: parseAddr(f.prometheusAddr) } : {}),
    scrapeIntervalS: Math.max(1, Math.round(duration(f.scrapeInterval, 'scrape-interval') / 1000)),
    rate: number(f.rate, 'rate', 0.1, 10_000),
    failRate: number(f.failRate, 'fail-rate', 0, 1),
    split: weightsFor(percent),
    ...(f.duration ? { durationMs: duration(f.duration, 'duration') } : {}),
    intervalMs: duration(f.interval, 'interval'),
    childLogLevel: 'info',
    log,
    out: process.stdout,
  });
  onShutdown(log, () => demo.stop());
  await demo.done;
}

export function demoCommand(): Command {
  const demo = new Command('demo')
    .description('run a local mesh with a demo application and show its live golden metrics (what npm start runs)')
    .addOption(flag('--first-address <ip>', 'loopback address of the first replica; the others follow (127.0.0.2, .3, …)', '127.0.0.2'))
    .addOption(flag('--app-port <port>', "each replica's application port", '8080'))
    .addOption(flag('--inbound-port <port>', "each sidecar's inbound port (on its replica's address)", '4143'))
    .addOption(flag('--outbound-port <port>', "each sidecar's outbound port (on its replica's address)", '4140'))
    .addOption(flag('--proxy-admin-port <port>', "each sidecar's admin port: /metrics, /ready", '4191'))
    .addOption(flag('--tcp-port <port>', "api sidecars' local port that leads to the db TCP service (--tcp-map)", '5432'))
    .addOption(flag('--control-addr <host:port>', "the control plane's gRPC address", '127.0.0.1:8086'))
    .addOption(flag('--control-admin-addr <host:port>', "the control plane's admin address", '127.0.0.1:9990'))
    .addOption(flag('--exporter-addr <host:port>', "the exporter's address", '127.0.0.1:9100'))
    .addOption(flag('--admin-addr <host:port>', "the demo's own admin address: /metrics, /ready, /live and the actions", '127.0.0.1:9995'))
    .addOption(new Option('--no-prometheus', 'do not start Prometheus even if it is installed'))
    .addOption(flag('--prometheus-addr <host:port>', "Prometheus's listen address (default: a free port on 127.0.0.1)"))
    .addOption(flag('--scrape-interval <duration>', "Prometheus's scrape interval (whole seconds)", '1s'))
    .addOption(flag('--rate <rps>', 'requests per second the load generator sends to web', '50'))
    .addOption(flag('--fail-rate <share>', 'share of requests api-v2 answers with 500, 0 to 1', '0'))
    .addOption(flag('--split <percent>', 'percentage of api traffic that goes to api-v2 at start', '10'))
    .addOption(flag('--duration <duration>', 'stop by itself after this long (default: until Ctrl-C)'))
    .addOption(flag('--interval <duration>', 'table refresh period', '2s'))
    .addOption(logLevelFlag().default('warn'))
    .action(runDemo);
  demo
    .command('split')
    .description("change the running demo's TrafficSplit: <percent> of api traffic to api-v2, the rest to api-v1")
    .argument('<service>', 'the split service (api)')
    .argument('<percent>', 'integer 0-100')
    .action(async (service: string, percent: string) => {
      process.stdout.write(await (await import('./state.ts')).sendAction('split', { service, percent }));
    });
  demo
    .command('kill')
    .description('kill a replica of the running demo (its app and sidecar), e.g. api-v1-0')
    .argument('<replica>', 'web-0, api-v1-0, api-v1-1, api-v2-0, db-0')
    .action(async (replica: string) => {
      process.stdout.write(await (await import('./state.ts')).sendAction('kill', { replica }));
    });
  demo.addCommand(appCommand(), { hidden: true });
  demo.addCommand(loadCommand(), { hidden: true });
  return demo;
}

function appCommand(): Command {
  return new Command('app')
    .description('one replica of the demo application (started by weft demo)')
    .requiredOption('--role <role>', 'web, api or db')
    .requiredOption('--name <name>', 'replica name')
    .requiredOption('--listen <host:port>', 'listen address')
    .option('--outbound <host:port>', "web: its sidecar's outbound address")
    .option('--tcp <host:port>', "api: its sidecar's TCP map address for db")
    .option('--fail-rate <share>', 'share of requests answered 500', '0')
    .addOption(logLevelFlag())
    .action(async (f: { role: string; name: string; listen: string; outbound?: string; tcp?: string; failRate: string; logLevel: string }) => {
      if (f.role !== 'web' && f.role !== 'api' && f.role !== 'db') throw new DemoUsageError(`--role: "${f.role}" is not web, api or db`);
      const { runApp } = await import('./app.ts');
      await runApp({ role: f.role, name: f.name, listen: parseAddr(f.listen), outbound: f.outbound, tcp: f.tcp, failRate: number(f.failRate, 'fail-rate', 0, 1), logLevel: f.logLevel });
    });
}

function loadCommand(): Command {
  return new Command('load')
    .description('the demo load generator (started by weft demo)')
    .requiredOption('--via <host:port>', "its sidecar's outbound address")
    .option('--rate <rps>', 'requests per second', '50')
    .option('--duration <duration>', 'stop after this long')
    .addOption(logLevelFlag())
    .action(async (f: { via: string; rate: string; duration?: string; logLevel: string }) => {
      const { runLoad } = await import('./load.ts');
      await runLoad({ via: f.via, rate: number(f.rate, 'rate', 0.1, 10_000), ...(f.duration ? { durationMs: duration(f.duration, 'duration') } : {}), logLevel: f.logLevel });
    });
}
