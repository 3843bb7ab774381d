// The environment weft's image runs with, read from the Dockerfile, for the benchmarks and
// the image's tests: they cannot drift apart from what ships.

/** `ENV NAME=value` lines of the image's stage (after the last FROM), one variable each. */
export function imageEnv(dockerfile: string): Record<string, string> {
  const stage = dockerfile.slice(dockerfile.search(/^FROM [^\n]*$(?![\s\S]*^FROM )/m));
  const env: Record<string, string> = {};
  for (const line of stage.split('\n').filter((l) => /^ENV\s/.test(l))) {
    const m = /^ENV ([A-Za-z_][A-Za-z0-9_]*)=(?:"([^"]*)"|(\S*))\s*$/.exec(line);
    if (!m) throw new Error(`Dockerfile: cannot read "${line}": write one ENV NAME=value per line`);
    env[m[1] as string] = m[2] ?? m[3] ?? '';
  }
  return env;
}
