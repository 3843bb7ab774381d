import { Command } from 'commander';
import { WeftError } from '../lib/errors.ts';
import { controlCommand } from '../control/command.ts';
import { proxyCommand } from '../proxy/command.ts';
import { statCommand } from './stat/command.ts';
import { exporterCommand } from '../exporter/command.ts';
import { awaitCommand } from './await/command.ts';

/** A subcommand that a later release fills in: it says so and exits non-zero. */
function notImplemented(name: string, summary: string): Command {
  return new Command(name)
    .description(`${summary} (not implemented yet)`)
    .allowUnknownOption()
    .helpOption('-h, --help', 'display help')
    .action(() => {
      process.stderr.write(`weft ${name}: not implemented yet\n`);
      process.exitCode = 3;
    });
}

export function program(): Command {
  return new Command('weft')
    .description('weft: a service mesh and cluster observability stack for Kubernetes')
    .version(process.env.npm_package_version ?? '0.1.0')
    .showHelpAfterError()
    .addCommand(controlCommand())
    .addCommand(proxyCommand())
    .addCommand(exporterCommand())
    .addCommand(notImplemented('inject', 'add the weft sidecar to Kubernetes manifests'))
    .addCommand(notImplemented('demo', 'run a local mesh with a demo application'))
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
