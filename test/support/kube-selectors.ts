// Label and field selectors as the Kubernetes API server reads them, for the test API server.

type Obj = Record<string, unknown>;
export type Selector = (obj: Obj) => boolean;

function splitTerms(text: string): string[] {
  // Commas inside `in (a,b)` belong to the term.
  const terms: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      terms.push(text.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(text.slice(start));
  return terms.map((t) => t.trim()).filter((t) => t !== '');
}

function labelsOf(obj: Obj): Record<string, string> {
  const meta = obj.metadata as { labels?: Record<string, string> } | undefined;
  return meta?.labels ?? {};
}

/** a=b, a==b, a!=b, a, !a, a in (x,y), a notin (x,y). Throws on anything else. */
export function labelSelector(text: string): Selector {
  const tests = splitTerms(text).map((term): Selector => {
    let m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
    if (m) {
      const [, key = '', op, list = ''] = m;
      const values = new Set(list.split(',').map((v) => v.trim()));
      return (o) => {
        const v = labelsOf(o)[key];
        return op === 'in' ? v !== undefined && values.has(v) : v === undefined || !values.has(v);
      };
    }
    m = /^([\w./-]+)\s*(!=|==|=)\s*([\w./-]*)$/.exec(term);
    if (m) {
      const [, key = '', op, value] = m;
      return op === '!=' ? (o) => labelsOf(o)[key] !== value : (o) => labelsOf(o)[key] === value;
    }
    m = /^(!?)([\w./-]+)$/.exec(term);
    if (m) {
      const [, not, key = ''] = m;
      return not ? (o) => !(key in labelsOf(o)) : (o) => key in labelsOf(o);
    }
    throw new Error(`unable to parse requirement: ${term}`);
  });
  return (o) => tests.every((t) => t(o));
}

function fieldValue(obj: Obj, path: string): string {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (typeof cur !== 'object' || cur === null) return '';
    cur = (cur as Obj)[part];
  }
  return cur == null ? '' : String(cur);
}

/** metadata.name=x, spec.nodeName!=y, … — any dotted path of the object, = == or !=. */
export function fieldSelector(text: string): Selector {
  const tests = splitTerms(text).map((term): Selector => {
    const m = /^([\w.]+)\s*(!=|==|=)\s*(.*)$/.exec(term);
    if (!m) throw new Error(`invalid field selector: ${term}`);
    const [, path = '', op, value] = m;
    return op === '!=' ? (o) => fieldValue(o, path) !== value : (o) => fieldValue(o, path) === value;
  });
  return (o) => tests.every((t) => t(o));
}
