import { spawn } from 'node:child_process';
import os from 'node:os';
import { Command } from 'commander';
import { request } from 'undici';
import { flag, logLevelFlag, parseDurationMs } from '../options.ts';
import { formatAddr, parseAddr } from '../../lib/addr.ts';
import { createLogger, type Logger } from '../../lib/log.ts';
import { AwaitCommandMissingError, ProxyNotReadyError } from './errors.ts';

interface Flags {
  adminAddr: string;
  timeout: string;
  logLevel: string;
}

async function status(url: string, method: 'GET' | 'POST'): Promise<number> {
  try {
    const r = await request(url, { method, headersTimeout: 2_000, bodyTimeout: 2_000 });
    await r.body.dump();
    return r.statusCode;
  } catch {
    return 0;
  }
}

/** Polls the proxy's /ready until 200, up to `timeoutMs`. */
export async function waitReady(admin: string, timeoutMs: number, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await status(`http://${admin}/ready`, 'GET')) === 200) return;
    if (Date.now() >= deadline) throw new ProxyNotReadyError(`the proxy at ${admin} was not ready within ${timeoutMs} ms`, { admin });
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Runs the command with inherited stdio and signals forwarded; resolves with its exit status. */
function run(cmd: string[], log: Logger): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd[0]!, cmd.slice(1), { stdio: 'inherit' });
    const forward = (sig: NodeJS.Signals) => child.kill(sig);
    process.on('SIGTERM', forward);
    process.on('SIGINT', forward);
    child.once('error', (err) => {
      log.error({ err, cmd: cmd[0] }, 'could not start the command');
      resolve(127);
    });
    child.once('exit', (code, signal) => {
      process.off('SIGTERM', forward);
      process.off('SIGINT', forward);
      // Death by a signal is reported as a shell does: 128 + its number.
      resolve(code ?? 128 + (signal ? (os.constants.signals[signal] ?? 0) : 0));
    });
  });
}

export function awaitCommand(): Command {
  return new Command('await')
    .description("run a command once the sidecar is ready; stop the sidecar when it exits (Jobs, CronJobs)")
    .usage('[options] -- <command> [args...]')
    .argument('[command...]', 'the command to run, after --')
    .addOption(flag('--admin-addr <addr>', "the proxy's admin address (/ready, /shutdown)", '127.0.0.1:4191'))
    .addOption(flag('--timeout <duration>', 'how long to wait for /ready before giving up', '2m'))
    .addOption(logLevelFlag())
    .action(async (cmd: string[], f: Flags) => {
      const log = createLogger('await', f.logLevel);
      if (cmd.length === 0) throw new AwaitCommandMissingError('weft await: give the command after --, e.g. weft await -- ./migrate.sh');
      const admin = formatAddr(parseAddr(f.adminAddr, '127.0.0.1'));
      await waitReady(admin, parseDurationMs(f.timeout));
      log.debug({ admin }, 'proxy ready, starting the command');
      const code = await run(cmd, log);
      const s = await status(`http://${admin}/shutdown`, 'POST');
      if (s !== 202) log.warn({ admin, status: s }, 'the proxy did not accept /shutdown');
      process.exitCode = code;
    });
}
