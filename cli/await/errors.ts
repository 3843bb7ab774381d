import { defineError } from '../../lib/errors.ts';

export const ProxyNotReadyError = defineError('WEFT_AWAIT_PROXY_NOT_READY', "The proxy's /ready did not answer 200 within --timeout.");
export const AwaitCommandMissingError = defineError('WEFT_AWAIT_NO_COMMAND', 'weft await was given no command to run (put it after --).');
