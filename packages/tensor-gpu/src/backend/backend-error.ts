import { EngError } from '@eng/internal';
import type { BackendAttempt } from './init-backend';

/**
 * The codes of {@link BackendError}: `BACKEND_UNAVAILABLE` (no requested backend could be started) and
 * `NOT_INITIALIZED` (a tensor operation ran before `await initBackend()`).
 */
export type BackendErrorCode = 'BACKEND_UNAVAILABLE' | 'NOT_INITIALIZED';

/** Thrown by `initBackend` when none of the requested backends could be started; `attempts` says why for each. */
export class BackendError extends EngError<BackendErrorCode> {
  readonly attempts: BackendAttempt[];

  constructor(
    message: string,
    attempts: BackendAttempt[],
    code: BackendErrorCode = 'BACKEND_UNAVAILABLE',
    cause?: unknown,
  ) {
    super(code, message, { cause });
    this.attempts = attempts;
  }
}
