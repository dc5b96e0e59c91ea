import { EngError } from '@eng/internal';
import type { BackendAttempt } from './init-backend';

/** The one code of {@link BackendError}. */
export type BackendErrorCode = 'BACKEND_UNAVAILABLE';

/** Thrown by `initBackend` when none of the requested backends could be started; `attempts` says why for each. */
export class BackendError extends EngError<BackendErrorCode> {
  readonly attempts: BackendAttempt[];

  constructor(message: string, attempts: BackendAttempt[]) {
    super('BACKEND_UNAVAILABLE', message);
    this.attempts = attempts;
  }
}
