// `weft inject [-f FILE|-]`: reads Kubernetes manifests and prints them with the weft
// sidecar added, like `linkerd inject`. What happened to each object goes to stderr.
import fs from 'node:fs';
import { Command, Option } from 'commander';
import { Document, parseAllDocuments } from 'yaml';
import { defineError, errorMessage } from '../../lib/errors.ts';
import { configFromFlags, sidecarFlags, type SidecarFlagValues } from './flags.ts';
import { applyPlan, planObject, type ObjectReport } from './manifests.ts';
import type { InjectorConfig } from './config.ts';

export const InjectInputError = defineError('WEFT_INJECT_INPUT', '`weft inject` cannot read its input, or the input is not YAML/JSON manifests.');

function readInput(file: string): string {
  try {
    return fs.readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (err) {
    throw new InjectInputError(`cannot read ${file === '-' ? 'stdin' : file}: ${errorMessage(err)}`, { file }, { cause: err });
  }
}

/** Multi-document YAML (or JSON) in, the same documents injected out. Unchanged documents keep their text. */
export function injectText(text: string, config: InjectorConfig, source = 'input'): { output: string; reports: ObjectReport[] } {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) return { output: text, reports: [] };
  const reports: ObjectReport[] = [];
  const out: string[] = [];
  for (const [i, doc] of docs.entries()) {
    const problem = doc.errors[0];
    if (problem) {
      throw new InjectInputError(`${source}: document ${i + 1}: ${problem.message.split('\n')[0]}`, { source, document: i + 1 });
    }
    const obj: unknown = doc.toJS();
    if (obj === null || obj === undefined) continue;
    const plan = planObject(obj, config);
    reports.push(...plan.reports);
    out.push(plan.patch.length === 0 ? doc.toString() : new Document(applyPlan(obj, plan)).toString());
  }
  return { output: out.map((d, i) => (i === 0 || d.startsWith('---') ? d : `---\n${d}`)).join(''), reports };
}

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
  return cmd.action((opts: SidecarFlagValues & { file: string }) => {
    const config = configFromFlags(opts);
    const { output, reports } = injectText(readInput(opts.file), config, opts.file === '-' ? 'stdin' : opts.file);
    process.stdout.write(output);
    for (const r of reports) if (r.reason !== 'not-a-workload') process.stderr.write(`${describe(r)}\n`);
  });
}
