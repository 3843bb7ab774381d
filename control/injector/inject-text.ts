// `weft inject`'s work on text: multi-document YAML in, the same documents injected out.
import fs from 'node:fs';
import { Document, parseAllDocuments } from 'yaml';
import { defineError, errorMessage } from '../../lib/errors.ts';
import { applyPlan, planObject, type ObjectReport } from './manifests.ts';
import type { InjectorConfig } from './config.ts';

export const InjectInputError = defineError('WEFT_INJECT_INPUT', '`weft inject` cannot read its input, or the input is not YAML/JSON manifests.');

export function readInput(file: string): string {
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
