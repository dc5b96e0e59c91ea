import { DatasetError } from '../errors';
import { isPromise } from '../is-promise';

/**
 * The one-time initialisation of a dataset or wrapper (MMEngine's `full_init` with `_fully_initialized`): runs
 * `load` once, synchronously when it is synchronous; a call while it is running gets the same promise; a failure is
 * kept and thrown again by every later call, so it is never lost or retried half-way.
 */
export class FullInit {
  private _done = false;
  private _pending: Promise<void> | undefined;
  private _failed = false;
  private _error: unknown;

  constructor(
    private readonly _owner: () => string,
    private readonly _load: () => void | Promise<void>,
  ) {}

  get done(): boolean {
    return this._done;
  }

  /** Marks it done without loading (a worker's copy completed from shared state). */
  markDone(): void {
    this._done = true;
    this._failed = false;
    this._error = undefined;
  }

  run(): void | Promise<void> {
    if (this._done) return;
    if (this._pending) return this._pending;
    if (this._failed) throw this._error;
    const fail = (error: unknown): never => {
      this._failed = true;
      this._error = error;
      throw error;
    };
    let result: void | Promise<void>;
    try {
      result = this._load();
    } catch (error) {
      return fail(error);
    }
    if (!isPromise(result)) {
      this._done = true;
      return;
    }
    this._pending = result.then(
      () => {
        this._pending = undefined;
        this._done = true;
      },
      (error: unknown) => {
        this._pending = undefined;
        fail(error);
      },
    );
    // A background start must not become an unhandled rejection; the error is kept for the next call.
    this._pending.catch(() => {});
    return this._pending;
  }

  /** Starts it once the current constructor chain has returned (a subclass's fields are set by then). */
  startSoon(): void {
    queueMicrotask(() => {
      if (this._done || this._pending || this._failed) return;
      try {
        this.run();
      } catch {
        // kept; thrown again at the first access
      }
    });
  }

  /** Initialises now if that can be done synchronously; otherwise says to await `fullInit()`. */
  ensure(): void {
    if (this._done) return;
    this.run();
    if (!this._done) {
      throw new DatasetError(
        'NOT_INITIALIZED',
        `${this._owner()} is still loading: await dataset.fullInit() before using it`,
      );
    }
  }
}
