import { Command } from 'commander';
import { WeftError } from '../lib/errors.ts';

/**
 * Every command's module, loaded only when that command runs (all of them for `weft --help`):
 * a process pays in memory only for its own command's code. Loaded eagerly, the other
 * commands' dependencies (undici, yaml, ...) cost `weft exporter` ~15 MB of RSS.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  control: async () => (await import('../control/command.ts')).controlCommand(),
  proxy: async () => (await import('../proxy/command.ts')).proxyCommand(),
  exporter: async () => (await import('../exporter/command.ts')).exporterCommand(),
  inject: async () => (await import('../control/injector/command.ts')).injectCommand(),
  'init-iptables': async () => (await import('../proxy/iptables/command.ts')).initIptablesCommand(),
  demo: async () => (await import('../demo/command.ts')).demoCommand(),
  stat: async () => (await import('./stat/command.ts')).statCommand(),
  await: async () => (await import('./await/command.ts')).awaitCommand(),
};

/** The `weft` program; with `only` naming a command, that command alone. */
export async function program(only?: string): Promise<Command> {
  const root = new Command('weft')
    .description('weft: a service mesh and cluster observability stack for Kubernetes')
    .version(process.env.npm_package_version ?? '0.1.0')
    .showHelpAfterError();
  const names = only !== undefined && Object.hasOwn(COMMANDS, only) ? [only] : Object.keys(COMMANDS);
  for (const name of names) root.addCommand(await (COMMANDS[name] as () => Promise<Command>)());
  return root;
}

export async function main(argv = process.argv): Promise<void> {
  try {
    await (await program(argv[2])).parseAsync(argv);
  } catch (err) {
    if (err instanceof WeftError) {
      process.stderr.write(`weft: ${err.message} [${err.code}]\n`);
      process.exit(2);
    }
    throw err;
  }
}
