// `weft inject [-f FILE|-]`: reads Kubernetes manifests and prints them with the weft
// sidecar added, like `linkerd inject`. What happened to each object goes to stderr.
import { Command, Option } from 'commander';
import { configFromFlags, sidecarFlags, type SidecarFlagValues } from './flags.ts';
import type { ObjectReport } from './manifests.ts';

function describe(r: ObjectReport): string {
  const what = `${r.kind.toLowerCase() || 'object'}/${r.name || '(unnamed)'}`;
  const lines = [r.injected ? `${what} injected` : `${what} skipped (${r.reason})`];
  for (const w of r.warnings) lines.push(`${what}: warning: ${w}`);
  return lines.join('\n');
}

export function injectCommand(): Command {
  const cmd = new Command('inject')
    .description('add the weft sidecar to Kubernetes manifests (Deployments, StatefulSets, DaemonSets, Jobs, CronJobs, Pods, Lists)')
    .addOption(new Option('-f, --file <file>', 'manifest file, or - for stdin').default('-'))
    .helpOption('-h, --help', 'display help');
  for (const option of sidecarFlags()) cmd.addOption(option);
  return cmd.action(async (opts: SidecarFlagValues & { file: string }) => {
    const config = configFromFlags(opts);
    // Loaded here: every other weft command would otherwise pay for the YAML library.
    const { injectText, readInput } = await import('./inject-text.ts');
    const { output, reports } = injectText(readInput(opts.file), config, opts.file === '-' ? 'stdin' : opts.file);
    process.stdout.write(output);
    for (const r of reports) if (r.reason !== 'not-a-workload') process.stderr.write(`${describe(r)}\n`);
  });
}
