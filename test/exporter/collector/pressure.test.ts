import t from 'tap';
import { parsePsi, pressureFamilies } from '../../../exporter/collector/pressure.ts';

const psi = (some: number, full?: number) =>
  `some avg10=0.00 avg60=0.00 avg300=0.00 total=${some}\n` + (full === undefined ? '' : `full avg10=0.00 avg60=0.00 avg300=0.00 total=${full}\n`);

t.test('stall totals in seconds; cpu has only "some" on older kernels', async (t) => {
  const fams = pressureFamilies(parsePsi(psi(2_500_000)), parsePsi(psi(1_000_000, 500_000)), parsePsi(psi(3_000_000, 250_000)));
  t.same(
    fams.map((f) => [f.name, f.samples[0]?.value]),
    [
      ['node_pressure_cpu_waiting_seconds_total', 2.5],
      ['node_pressure_io_waiting_seconds_total', 1],
      ['node_pressure_io_stalled_seconds_total', 0.5],
      ['node_pressure_memory_waiting_seconds_total', 3],
      ['node_pressure_memory_stalled_seconds_total', 0.25],
    ],
  );
});

t.test('garbled pressure text is a parse error', async (t) => {
  t.throws(() => parsePsi('some avg10=0.00\n'), { code: 'WEFT_EXPORTER_PARSE' });
  t.throws(() => parsePsi('full avg10=0 total=5\n'), { code: 'WEFT_EXPORTER_PARSE' });
});
