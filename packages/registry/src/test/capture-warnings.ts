import { getRegistryLogger, setRegistryLogger } from '../logger';

/** What a capture collected: the callback's result and the registry's warnings, in order. */
export interface CapturedWarnings<R> {
  result: R;
  warnings: string[];
}

/**
 * Runs `fn` with the registry's warnings collected instead of printed (through the public `setRegistryLogger`
 * hook), then restores the logger that was set before.
 *
 * @example
 * const { warnings } = captureWarnings(() => initDefaultScope('other'));
 */
export function captureWarnings<R>(fn: () => R): CapturedWarnings<R> {
  const previous = getRegistryLogger();
  const warnings: string[] = [];
  setRegistryLogger({ warn: (message) => warnings.push(message) });
  try {
    return { result: fn(), warnings };
  } finally {
    setRegistryLogger(previous);
  }
}

/** {@link captureWarnings} for an async callback: the capture lasts until its promise settles. */
export async function captureWarningsAsync<R>(fn: () => Promise<R>): Promise<CapturedWarnings<R>> {
  const previous = getRegistryLogger();
  const warnings: string[] = [];
  setRegistryLogger({ warn: (message) => warnings.push(message) });
  try {
    return { result: await fn(), warnings };
  } finally {
    setRegistryLogger(previous);
  }
}
