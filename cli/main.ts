import { Command } from 'commander';
import { WeftError } from '../lib/errors.ts';
import { controlCommand } from '../control/command.ts';
import { proxyCommand } from '../proxy/command.ts';
import { injectCommand } from '../control/injector/command.ts';
import { initIptablesCommand } from '../proxy/iptables/command.ts';
import { statCommand } from './stat/command.ts';
import { exporterCommand } from '../exporter/command.ts';
import { demoCommand } from '../demo/command.ts';
import { awaitCommand } from './await/command.ts';

export function program(): Command {
  return new Command('weft')
    .description('weft: a service mesh and cluster observability stack for Kubernetes')
    .version(process.env.npm_package_version ?? '0.1.0')
    .showHelpAfterError()
    .addCommand(controlCommand())
    .addCommand(proxyCommand())
    .addCommand(exporterCommand())
    .addCommand(injectCommand())
    .addCommand(initIptablesCommand())
    .addCommand(demoCommand())
    .addCommand(statCommand())
    .addCommand(awaitCommand());
}

export async function main(argv = process.argv): Promise<void> {
  try {
    await program().parseAsync(argv);
  } catch (err) {
    if (err instanceof WeftError) {
      process.stderr.write(`weft: ${err.message} [${err.code}]\n`);
      process.exit(2);
    }
    throw err;
  }
}
