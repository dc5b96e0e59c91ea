import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { getFileBackend, LocalBackend, put } from '@eng/fileio';
import { encodeEvent, type EventData, FILE_VERSION } from './event-proto';
import { tfRecord } from './tfrecord';

/** How an {@link EventFileWriter} buffers. */
export interface EventFileWriterOptions {
  /** Seconds after the first unflushed event at which `onDue` is called. */
  flushSecs: number;
  /** Number of unflushed events at which `add` reports a flush is due. */
  maxQueue: number;
  /** Called (from a timer) when unflushed events have waited `flushSecs`; it should queue a `flush()`. */
  onDue: () => void;
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const chunk of chunks) size += chunk.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/**
 * One `events.out.tfevents.*` file: events are framed as TFRecords and buffered; `flush()` appends the buffered
 * records to the file as whole records (one `appendFile` on the local disk; elsewhere, as `@eng/fileio` backends have
 * no append, the whole file is kept and `put` atomically). A crash loses the unflushed events only: every record
 * already in the file stays intact. The first record is the `file_version` event.
 *
 * Not reentrant: the owner runs `add` and `flush` one after another (the backend's write queue).
 */
export class EventFileWriter {
  readonly path: string;
  private readonly _local: boolean;
  private readonly _options: EventFileWriterOptions;
  private _pending: Uint8Array[] = [];
  /** What the file holds, for backends without append. */
  private readonly _written: Uint8Array[] = [];
  private _timer: ReturnType<typeof setTimeout> | undefined;
  private _dirMade = false;

  /** `wallTime` (seconds) is the file-version event's: no later than the first event's. */
  constructor(path: string, wallTime: number, options: EventFileWriterOptions) {
    this.path = path;
    this._options = options;
    this._local = getFileBackend(path, { enableSingleton: true }) instanceof LocalBackend;
    this._pending.push(tfRecord(encodeEvent({ wallTime, fileVersion: FILE_VERSION })));
  }

  /** Number of events not yet in the file. */
  get pendingEvents(): number {
    return this._pending.length;
  }

  /** Buffers `event`; returns whether `maxQueue` events are waiting (the owner should flush). */
  add(event: EventData): boolean {
    this._pending.push(tfRecord(encodeEvent(event)));
    if (this._timer === undefined) {
      this._timer = setTimeout(() => {
        this._timer = undefined;
        this._options.onDue();
      }, this._options.flushSecs * 1000);
      this._timer.unref?.();
    }
    return this._pending.length >= this._options.maxQueue;
  }

  /** Writes the buffered records. On failure they stay buffered (a later flush retries) and the error is thrown. */
  async flush(): Promise<void> {
    this._clearTimer();
    if (this._pending.length === 0) return;
    const records = this._pending;
    this._pending = [];
    try {
      if (this._local) {
        if (!this._dirMade) {
          await mkdir(dirname(this.path), { recursive: true });
          this._dirMade = true;
        }
        await appendFile(this.path, concat(records));
      } else {
        await put(concat([...this._written, ...records]), this.path);
        this._written.push(...records);
      }
    } catch (error) {
      this._pending = [...records, ...this._pending];
      throw error;
    }
  }

  /** Stops the flush timer (buffered events stay buffered). */
  dispose(): void {
    this._clearTimer();
  }

  private _clearTimer(): void {
    if (this._timer !== undefined) clearTimeout(this._timer);
    this._timer = undefined;
  }
}
