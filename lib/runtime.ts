// V8 flags that weft sets for a command at start-up (cli/runtime-flags.ts), and which it
// set. No ES import of node:v8: every weft process loads this (see lib/builtins.ts).

const applied = new Set<string>();

/** Sets V8 flags for this process, and remembers them. */
export function setV8Flags(flags: readonly string[]): void {
  const v8 = process.getBuiltinModule('node:v8');
  for (const flag of flags) {
    v8.setFlagsFromString(flag);
    applied.add(flag);
  }
}

/**
 * Whether weft set `flag` in this process, with any value (`--name` matches `--name=20`); the
 * start-up logs report it. It says what weft did, not V8's own state: a flag given in
 * NODE_OPTIONS or on the command line does not count.
 */
export function v8FlagSet(flag: string): boolean {
  if (applied.has(flag)) return true;
  for (const f of applied) if (f.startsWith(`${flag}=`)) return true;
  return false;
}
