import { defineError } from '../lib/errors.ts';

export const DemoPortInUseError = defineError('WEFT_DEMO_PORT_IN_USE', 'An address the demo needs is already in use (or not bindable); the message names it and what it was for. Nothing was started.');
export const DemoUsageError = defineError('WEFT_DEMO_USAGE', 'A `weft demo` flag or action argument is invalid (a rate, a duration, a split percentage, an unknown replica).');
export const DemoNotRunningError = defineError('WEFT_DEMO_NOT_RUNNING', '`weft demo split` or `kill` found no running demo (no state file, or its demo does not answer).');
export const DemoStartError = defineError('WEFT_DEMO_START', 'A demo process exited or did not become ready during start-up; the message carries the end of its log. Everything started is stopped.');
