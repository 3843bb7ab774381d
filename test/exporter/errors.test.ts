import fs from 'node:fs';
import t from 'tap';
import { errorCodes } from '../../lib/errors.ts';
import '../../exporter/errors.ts';
import { COLLECTORS } from '../../exporter/collector/index.ts';

const README = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

t.test("every exporter error code is in the README's error table", async (t) => {
  const codes = [...errorCodes().keys()].filter((c) => c.startsWith('WEFT_EXPORTER_'));
  t.ok(codes.length >= 3);
  for (const code of codes) t.match(README, `| \`${code}\` |`, code);
});

t.test('every collector is documented with its flag', async (t) => {
  for (const c of COLLECTORS) t.match(README, `| \`${c.name}\` |`, c.name);
});
