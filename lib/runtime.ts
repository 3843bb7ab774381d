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
 * Whether weft set `flag` in this process (the start-up logs report it). It says what weft
 * did, not V8's own state: a flag given in NODE_OPTIONS does not count.
 */
export function v8FlagSet(flag: string): boolean {
  return applied.has(flag);
}
