import t from 'tap';
import { cpuFamilies, parseCpuStat } from '../../../exporter/collector/cpu.ts';

const STAT = `cpu  200 0 100 1000 5 0 1 0 0 0
cpu0 150 2 60 500 3 1 1 4 7 1
cpu1 50 0 40 500 2 0 0 0 0 0
intr 1 2 3
`;

t.test('per-CPU seconds from USER_HZ ticks, the aggregate line left out', async (t) => {
  const cpus = parseCpuStat(STAT);
  t.same(cpus.map((c) => c.cpu), ['0', '1']);
  const [secs, guest] = cpuFamilies(cpus);
  const v = (cpu: string, mode: string) => secs?.samples.find((s) => s.labels?.cpu === cpu && s.labels.mode === mode)?.value;
  t.equal(v('0', 'user'), 1.5);
  t.equal(v('0', 'steal'), 0.04);
  t.equal(v('1', 'idle'), 5);
  t.equal(secs?.samples.length, 16, 'eight modes per CPU');
  t.equal(guest?.samples.find((s) => s.labels?.cpu === '0' && s.labels.mode === 'user')?.value, 0.07);
});

t.test('garbled /proc/stat is a parse error', async (t) => {
  t.throws(() => parseCpuStat('cpu0 12 x 3 4\n'), { code: 'WEFT_EXPORTER_PARSE' });
  t.throws(() => parseCpuStat('intr 1\n'), { code: 'WEFT_EXPORTER_PARSE' }, 'no cpu lines');
  t.throws(() => parseCpuStat('cpu0 1 2\n'), { code: 'WEFT_EXPORTER_PARSE' }, 'short line');
});
