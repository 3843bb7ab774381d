import { Command } from 'commander';
import { flag, logLevelFlag } from '../cli/options.ts';
export function controlCommand(): Command {
  return new Command('control').addOption(flag('--grpc-addr <addr>', 'x', '0.0.0.0:8086')).addOption(logLevelFlag()).action(async () => {});
}
