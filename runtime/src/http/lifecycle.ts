import type { Logger } from '../logger.ts';

export interface Stoppable {
  stop(): Promise<void>;
}

/**
 * Runs a service until SIGINT/SIGTERM, or until the supervising process goes
 * away (its IPC channel closes), so a crashed supervisor leaves no orphans.
 */
export function runUntilSignalled(service: Stoppable, logger: Logger): void {
  let stopping = false;
  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'stopping');
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'unclean stop');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  if (process.send !== undefined) process.once('disconnect', () => stop('supervisor gone'));
}
