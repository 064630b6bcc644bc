import type { Logger } from './ports';

/** The part of `process` the last resort listens on; tests pass an EventEmitter. */
export interface FailureSource {
  on(event: 'unhandledRejection' | 'uncaughtException', listener: (error: unknown) => void): unknown;
}

/**
 * Last resort for the long-running processes (the app, browser mode): a failure nobody caught is logged
 * and the console stays up, because the store's transactions already keep a half-done write out.
 */
export function keepRunningOnStrayFailures(source: FailureSource, logger: Pick<Logger, 'error'>): void {
  source.on('unhandledRejection', (error) => logger.error('Unhandled rejection (the console keeps running)', error));
  source.on('uncaughtException', (error) => logger.error('Uncaught exception (the console keeps running)', error));
}
