import t from 'tap';
import { setV8Flags, v8FlagSet } from '../../lib/runtime.ts';

t.test('v8FlagSet reports the flags weft set, by name with or without their value', async (t) => {
  t.equal(v8FlagSet('--no-flush-bytecode'), false, 'not before it is set');
  // Both flags are harmless to this test process: bytecode kept, marking started early.
  setV8Flags(['--no-flush-bytecode', '--incremental-marking-soft-trigger=20']);
  t.equal(v8FlagSet('--no-flush-bytecode'), true);
  t.equal(v8FlagSet('--incremental-marking-soft-trigger'), true, 'a name matches the flag whatever its value');
  t.equal(v8FlagSet('--incremental-marking-soft-trigger=20'), true, 'and so does the whole flag');
  t.equal(v8FlagSet('--incremental-marking-soft-trigger=30'), false, 'but not another value');
  t.equal(v8FlagSet('--incremental-marking'), false, 'nor a name that is only a prefix of it');
});
