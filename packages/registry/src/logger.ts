import { state } from './global-state';
import type { RegistryLogger } from './types';

/**
 * Sends the registry's warnings and debug messages to `logger` (process-wide); `undefined` restores the default
 * (warnings on `console.warn`, debug messages dropped). `@eng/logging` calls this with its current logger.
 */
export function setRegistryLogger(logger: RegistryLogger | undefined): void {
  if (logger !== undefined && (typeof logger !== 'object' || typeof logger.warn !== 'function')) {
    throw new TypeError('setRegistryLogger expects an object with a warn(message) method, or undefined');
  }
  state.logger = logger;
}

export function getRegistryLogger(): RegistryLogger | undefined {
  return state.logger;
}

export function warn(message: string): void {
  const logger = state.logger;
  if (logger) logger.warn(message);
  else console.warn(`[@eng/registry] ${message}`);
}

export function info(message: string): void {
  const logger = state.logger;
  if (logger) (logger.info ?? logger.warn).call(logger, message);
  else console.log(`[@eng/registry] ${message}`);
}

/** Whether debug messages go anywhere; check before building an expensive message. */
export function debugEnabled(): boolean {
  return typeof state.logger?.debug === 'function';
}

export function debug(message: string): void {
  state.logger?.debug?.(message);
}
