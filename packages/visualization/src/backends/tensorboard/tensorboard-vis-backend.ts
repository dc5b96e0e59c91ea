import { hostname } from 'node:os';
import { joinPath } from '@eng/fileio';
import { describe } from '@eng/internal';
import { optionsSchema, type ShapeOf } from '@eng/internal/options';
import { z } from 'zod';
import { VisualizationError } from '../../errors';
import { encodePng } from '../../image/encode-png';
import { type ImageInput, toVisImage } from '../../image/vis-image';
import { type ScalarValue, toScalarNumber } from '../../scalars/scalar-line';
import { BaseVisBackend, type ConfigInput, type DumpableConfig } from '../base-vis-backend';
import { EventFileWriter } from './event-file-writer';
import type { EventData, SummaryValue } from './event-proto';
import { type HistogramBins, makeHistogram } from './histogram';

export interface TensorboardVisBackendOptions {
  /** The directory (any `@eng/fileio` URI) the event file goes into: `tensorboard --logdir` it. */
  save_dir: string;
  /**
   * Buffered events are written at the latest this many seconds after the first of them (torch's `SummaryWriter`
   * `flush_secs`). Default 120. `flush()` and `close()` write them at once.
   */
  flush_secs?: number;
  /** Buffered events are written once this many are waiting (torch's `max_queue`). Default 10. */
  max_queue?: number;
  /** Appended to the event file's name (torch's `filename_suffix`). Default `''`. */
  filename_suffix?: string;
}

/** Options of `addHistogram` (an eng extension: MMEngine's backends have none). */
export interface AddHistogramOptions {
  /** The buckets (torch's `add_histogram(bins=...)`). Default `'tensorflow'`. */
  bins?: HistogramBins;
}

/** What `addHistogram` takes: numbers, or a tensor (anything with `dataSync()`). */
export type HistogramInput = ArrayLike<number> | { dataSync(): ArrayLike<number> };

/** Event files made by this process, numbered as TensorBoard's Python writer does so that two never share a name. */
let fileCounter = 0;

function badOptions(message: string): VisualizationError {
  return new VisualizationError('BAD_OPTIONS', `TensorboardVisBackend: ${message}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isDumpable(value: unknown): value is DumpableConfig {
  return value !== null && typeof value === 'object' && typeof (value as DumpableConfig).dump === 'function';
}

function checkTag(name: unknown, where: string): string {
  if (typeof name !== 'string' || name === '') {
    throw new VisualizationError('BAD_OPTIONS', `${where}: the name must be a non-empty string, got ${describe(name)}`);
  }
  return name;
}

/** The step as an integer (`Event.step` is an int64). */
function checkStep(step: unknown, where: string): number {
  const value = toScalarNumber(step, `${where}: step`);
  if (!Number.isSafeInteger(value)) {
    throw new VisualizationError('BAD_SCALAR', `${where}: step must be an integer, got ${value}`);
  }
  return value;
}

/**
 * MMEngine's `TensorboardVisBackend`, writing TensorBoard's event files itself (no TensorFlow): one file
 * `save_dir/events.out.tfevents.<secs>.<host>.<pid>.<n>` per backend (named as torch's `SummaryWriter` names them),
 * TFRecords of `tensorflow.Event` protobufs, the first with `file_version` `brain.Event:2`. Scalars are `simple_value`s
 * (float32, as TensorBoard stores them; NaN and ±Infinity are kept), images PNGs in `Summary.Image`, the config text
 * through the text plugin (tag `config/text_summary`, as `add_text('config', ...)`), and `addHistogram` writes
 * `HistogramProto`s.
 *
 * Events are buffered and appended to the file as whole records on `flush()`, on `close()`, when `max_queue` are
 * waiting and at the latest `flush_secs` after the first: a crash loses the unflushed events and never damages the
 * file. Writes run in call order; once `close()` resolves the file is complete. A write after `close()` starts a new
 * file, as torch's writer does.
 *
 * @example
 * const tb = new TensorboardVisBackend({ save_dir: 'work_dirs/run/vis_data' });
 * tb.addScalar('loss', 0.5, 1);
 * await tb.close(); // then: tensorboard --logdir work_dirs/run/vis_data
 */
export class TensorboardVisBackend extends BaseVisBackend {
  static readonly optionsSchema = optionsSchema<TensorboardVisBackendOptions>({
    save_dir: z.string(),
    flush_secs: z.number().positive().optional(),
    max_queue: z.number().int().positive().optional(),
    filename_suffix: z.string().optional(),
  } satisfies ShapeOf<TensorboardVisBackendOptions>);

  private readonly _flushSecs: number;
  private readonly _maxQueue: number;
  private readonly _filenameSuffix: string;
  private _writer: EventFileWriter | undefined;

  constructor(options: TensorboardVisBackendOptions) {
    const saveDir = (options as Partial<TensorboardVisBackendOptions> | undefined)?.save_dir;
    if (typeof saveDir !== 'string' || saveDir === '') {
      throw badOptions(`save_dir is required (a directory or URI), got ${describe(saveDir)}`);
    }
    super({ save_dir: saveDir });
    const flushSecs = options.flush_secs ?? 120;
    if (typeof flushSecs !== 'number' || !(flushSecs > 0) || !Number.isFinite(flushSecs)) {
      throw badOptions(`flush_secs must be a positive number of seconds, got ${describe(flushSecs)}`);
    }
    const maxQueue = options.max_queue ?? 10;
    if (!Number.isSafeInteger(maxQueue) || maxQueue < 1) {
      throw badOptions(`max_queue must be a positive integer, got ${describe(maxQueue)}`);
    }
    const suffix = options.filename_suffix ?? '';
    if (typeof suffix !== 'string' || suffix.includes('/')) {
      throw badOptions(`filename_suffix must be a string without "/", got ${describe(suffix)}`);
    }
    this._flushSecs = flushSecs;
    this._maxQueue = maxQueue;
    this._filenameSuffix = suffix;
  }

  /** The backend itself (MMEngine returns torch's `SummaryWriter`): `addHistogram`, `addText`, `flush`. */
  override get experiment(): TensorboardVisBackend {
    this._forceInitEnv();
    return this;
  }

  /** The event file being written, once the first write has opened it (`undefined` before, and after `close()`). */
  get eventFile(): string | undefined {
    return this._writer?.path;
  }

  /** Records the config as text (`config/text_summary`): a `Config`'s own `dump()`, a plain object as JSON. */
  override addConfig(config: ConfigInput): Promise<void> {
    let text: string;
    if (isDumpable(config)) text = config.dump();
    else if (isPlainObject(config)) {
      text = JSON.stringify(config, (_key, value) => (typeof value === 'function' ? value.name : value), 2);
    } else {
      throw new VisualizationError(
        'BAD_CONFIG',
        `TensorboardVisBackend.addConfig: expected a Config (with dump()) or a plain object, got ${describe(config)}`,
      );
    }
    return this.addText('config', text);
  }

  /**
   * Records `text` through TensorBoard's text plugin under `${name}/text_summary` (torch's `add_text`; TensorBoard
   * renders it as Markdown). An eng extension used by `addConfig`.
   */
  addText(name: string, text: string, step = 0): Promise<void> {
    const tag = checkTag(name, 'TensorboardVisBackend.addText');
    if (typeof text !== 'string') {
      throw new VisualizationError(
        'BAD_CONFIG',
        `TensorboardVisBackend.addText: expected a string, got ${describe(text)}`,
      );
    }
    return this._write(step, 'TensorboardVisBackend.addText', () => [
      [{ kind: 'text', tag: `${tag}/text_summary`, text }],
    ]);
  }

  /** Records `image` (8-bit RGB(A) or gray) as a PNG under `name` at `step` (written as RGBA: colorspace 4). */
  override addImage(name: string, image: ImageInput, step = 0): Promise<void> {
    const tag = checkTag(name, 'TensorboardVisBackend.addImage');
    const pixels = toVisImage(image, 'TensorboardVisBackend.addImage', 'strict');
    return this._write(step, 'TensorboardVisBackend.addImage', async () => [
      [{ kind: 'image', tag, height: pixels.height, width: pixels.width, colorspace: 4, png: await encodePng(pixels) }],
    ]);
  }

  /** Records one scalar (a `simple_value`). */
  override addScalar(name: string, value: ScalarValue, step = 0): Promise<void> {
    const tag = checkTag(name, 'TensorboardVisBackend.addScalar');
    const number = toScalarNumber(value, `TensorboardVisBackend.addScalar: "${name}"`);
    return this._write(step, 'TensorboardVisBackend.addScalar', () => [[{ kind: 'scalar', tag, value: number }]]);
  }

  /**
   * Records each scalar of the dict as its own event at `step` (MMEngine calls `add_scalar` for each). The dict may
   * not hold `step` (give it as the argument, as MMEngine asserts); `fileName` is ignored, as in MMEngine.
   */
  override addScalars(scalarDict: Readonly<Record<string, ScalarValue>>, step = 0, _fileName?: string): Promise<void> {
    if (!isPlainObject(scalarDict)) {
      throw new VisualizationError(
        'BAD_SCALAR',
        `TensorboardVisBackend.addScalars: scalarDict must be a plain object, got ${describe(scalarDict)}`,
      );
    }
    if ('step' in scalarDict) {
      throw new VisualizationError(
        'BAD_SCALAR',
        'TensorboardVisBackend.addScalars: scalarDict holds "step"; give the step as the step argument instead',
      );
    }
    const values: SummaryValue[] = Object.keys(scalarDict).map((key) => ({
      kind: 'scalar',
      tag: checkTag(key, 'TensorboardVisBackend.addScalars'),
      value: toScalarNumber(scalarDict[key], `TensorboardVisBackend.addScalars: "${key}"`),
    }));
    return this._write(step, 'TensorboardVisBackend.addScalars', () => values.map((value) => [value]));
  }

  /**
   * Records the distribution of `values` (finite numbers, or a tensor) as a `HistogramProto` under `name` at `step`:
   * min, max, count, sum, sum of squares and buckets (see {@link HistogramBins}). An eng extension (torch's
   * `add_histogram`; MMEngine's backends have none).
   */
  addHistogram(name: string, values: HistogramInput, step = 0, options: AddHistogramOptions = {}): Promise<void> {
    const where = 'TensorboardVisBackend.addHistogram';
    const tag = checkTag(name, where);
    const data =
      values !== null && typeof values === 'object' && typeof (values as { dataSync?: unknown }).dataSync === 'function'
        ? (values as { dataSync(): ArrayLike<number> }).dataSync()
        : values;
    if (data === null || typeof data !== 'object' || typeof (data as ArrayLike<number>).length !== 'number') {
      throw new VisualizationError(
        'BAD_SCALAR',
        `${where}: expected an array of numbers or a tensor, got ${describe(values)}`,
      );
    }
    const numbers = Float64Array.from(data as ArrayLike<number>);
    if (numbers.length === 0) throw new VisualizationError('BAD_SCALAR', `${where}: "${name}" has no values`);
    for (let i = 0; i < numbers.length; i++) {
      const v = (data as ArrayLike<unknown>)[i];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new VisualizationError(
          'BAD_SCALAR',
          `${where}: "${name}" must hold finite numbers, but value ${i} is ${describe(v)}`,
        );
      }
    }
    const bins = options.bins ?? 'tensorflow';
    if (bins !== 'tensorflow' && !(Number.isSafeInteger(bins) && bins > 0)) {
      throw new VisualizationError(
        'BAD_OPTIONS',
        `${where}: bins must be 'tensorflow' or a positive integer, got ${describe(bins)}`,
      );
    }
    return this._write(step, where, () => [[{ kind: 'histogram', tag, histogram: makeHistogram(numbers, bins) }]]);
  }

  /** Writes the buffered events to the file (the runner calls it after each epoch). */
  flush(): Promise<void> {
    return this._enqueue(async () => {
      if (this._writer !== undefined) await this._flushWriter(this._writer);
    });
  }

  /**
   * Writes the buffered events and closes the file; resolves once it is complete. Queued after every earlier write
   * (what `BaseVisBackend.close()` waits for), and rejects when the last flush fails.
   */
  override close(): Promise<void> {
    return this._enqueue(async () => {
      const writer = this._writer;
      if (writer === undefined) return;
      writer.dispose();
      await this._flushWriter(writer);
      this._writer = undefined;
    });
  }

  /**
   * Queues the events `make` builds (the values of each event), all at `step` and the current wall time; `make` runs
   * in queue order, so events stay in call order. A new file is written at once (its `file_version` event and these).
   */
  private _write(
    step: unknown,
    where: string,
    make: () => SummaryValue[][] | Promise<SummaryValue[][]>,
  ): Promise<void> {
    const checkedStep = checkStep(step, where);
    this._forceInitEnv();
    const wallTime = Date.now() / 1000;
    return this._enqueue(async () => {
      const events = await make();
      const opened = this._writer === undefined;
      const writer = this._openWriter(wallTime);
      let due = opened;
      for (const values of events) {
        const event: EventData = { wallTime, step: checkedStep, values };
        due = writer.add(event) || due;
      }
      if (due) await this._flushWriter(writer);
    });
  }

  /** The writer of the current file (buffering its `file_version` event), made on first use. */
  private _openWriter(wallTime: number): EventFileWriter {
    if (this._writer !== undefined) return this._writer;
    const secs = String(Math.floor(wallTime)).padStart(10, '0');
    const name = `events.out.tfevents.${secs}.${hostname()}.${process.pid}.${fileCounter++}${this._filenameSuffix}`;
    const writer = new EventFileWriter(joinPath(this.saveDir as string, name), wallTime, {
      flushSecs: this._flushSecs,
      maxQueue: this._maxQueue,
      onDue: () => {
        // Failed records stay buffered: the next flush or close() retries them and reports the error.
        this.flush().catch(() => undefined);
      },
    });
    this._writer = writer;
    return writer;
  }

  private async _flushWriter(writer: EventFileWriter): Promise<void> {
    try {
      await writer.flush();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new VisualizationError(
        'WRITE_FAILED',
        `TensorboardVisBackend could not write "${writer.path}": ${message}`,
        {
          cause: error,
        },
      );
    }
  }
}
