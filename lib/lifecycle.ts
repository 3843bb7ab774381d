import type { Logger } from './log.ts';

/**
 * Runs `shutdown` once on the first SIGTERM or SIGINT, then exits 0 (1 if shutdown threw).
 * A second signal exits at once: the operator has asked twice.
 */
export function onShutdown(log: Logger, shutdown: (signal: string) => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, 'second signal, exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'shutting down');
    shutdown(signal).then(
      () => {
        log.info('shutdown complete');
        log.flush?.();
        process.exit(0);
      },
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', handler);
  process.once('SIGINT', handler);
}
