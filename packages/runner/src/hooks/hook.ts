// MMEngine's `Hook`: every hook point is a method that does nothing here. The epoch and iteration points of the
// three modes forward to `_beforeEpoch`/`_afterEpoch`/`_beforeIter`/`_afterIter` with the mode, so a hook that acts
// the same way in every mode overrides one method. Any method may return a promise; the runner awaits it.
import { brandClass } from '@eng/internal';
import type { Runner } from '../runner/runner';
import type { PriorityLike } from './priority';

export type RunMode = 'train' | 'val' | 'test';

/** Whatever a hook point may return: nothing, or a promise of nothing. */
export type HookResult = void | Promise<void>;

/** The metrics `afterValEpoch` / `afterTestEpoch` receive: `'prefix/name'` keys, as the evaluator returns them. */
export type Metrics = Record<string, unknown>;

/** A checkpoint as hooks see it before saving and after loading: `meta`, `state_dict` and whatever hooks add. */
export type CheckpointDict = Record<string, unknown> & { meta?: Record<string, unknown> };

/** Every hook point with its arguments after the runner. */
export interface HookPoints {
  beforeRun: [];
  afterRun: [];
  beforeTrain: [];
  afterTrain: [];
  beforeVal: [];
  afterVal: [];
  beforeTest: [];
  afterTest: [];
  beforeSaveCheckpoint: [checkpoint: CheckpointDict];
  afterLoadCheckpoint: [checkpoint: CheckpointDict];
  beforeTrainEpoch: [];
  beforeValEpoch: [];
  beforeTestEpoch: [];
  afterTrainEpoch: [];
  afterValEpoch: [metrics?: Metrics];
  afterTestEpoch: [metrics?: Metrics];
  beforeTrainIter: [batchIdx: number, dataBatch?: unknown];
  beforeValIter: [batchIdx: number, dataBatch?: unknown];
  beforeTestIter: [batchIdx: number, dataBatch?: unknown];
  afterTrainIter: [batchIdx: number, dataBatch?: unknown, outputs?: Record<string, number>];
  afterValIter: [batchIdx: number, dataBatch?: unknown, outputs?: unknown];
  afterTestIter: [batchIdx: number, dataBatch?: unknown, outputs?: unknown];
}

export type HookPoint = keyof HookPoints;

/** The hook points in MMEngine's order (the order `runner.hooksInfo()` lists them). */
export const HOOK_POINTS: readonly HookPoint[] = [
  'beforeRun',
  'afterLoadCheckpoint',
  'beforeTrain',
  'beforeTrainEpoch',
  'beforeTrainIter',
  'afterTrainIter',
  'afterTrainEpoch',
  'beforeValEpoch',
  'beforeVal',
  'beforeValIter',
  'afterValIter',
  'afterValEpoch',
  'afterVal',
  'beforeSaveCheckpoint',
  'afterTrain',
  'beforeTestEpoch',
  'beforeTest',
  'beforeTestIter',
  'afterTestIter',
  'afterTestEpoch',
  'afterTest',
  'afterRun',
];

/** The loop's dataloader as hooks see it. */
export interface DataloaderLike {
  readonly length: number;
}

/**
 * The base of every hook (MMEngine's `Hook`). Subclass it and override the points you need; each receives the runner
 * first. `priority` orders hooks (smaller runs first; equal priorities keep registration order); a config's
 * `priority` key, or `runner.registerHook(hook, priority)`, overrides it.
 *
 * @example
 * class CountIters extends Hook {
 *   count = 0;
 *   override afterTrainIter(): void {
 *     this.count += 1;
 *   }
 * }
 */
export class Hook {
  /** When this hook runs relative to the others: a number from 0 to 100 or a {@link Priority} name. */
  priority: PriorityLike = 'NORMAL';

  beforeRun(_runner: Runner): HookResult {}
  afterRun(_runner: Runner): HookResult {}
  beforeTrain(_runner: Runner): HookResult {}
  afterTrain(_runner: Runner): HookResult {}
  beforeVal(_runner: Runner): HookResult {}
  afterVal(_runner: Runner): HookResult {}
  beforeTest(_runner: Runner): HookResult {}
  afterTest(_runner: Runner): HookResult {}
  beforeSaveCheckpoint(_runner: Runner, _checkpoint: CheckpointDict): HookResult {}
  afterLoadCheckpoint(_runner: Runner, _checkpoint: CheckpointDict): HookResult {}

  beforeTrainEpoch(runner: Runner): HookResult {
    return this._beforeEpoch(runner, 'train');
  }
  beforeValEpoch(runner: Runner): HookResult {
    return this._beforeEpoch(runner, 'val');
  }
  beforeTestEpoch(runner: Runner): HookResult {
    return this._beforeEpoch(runner, 'test');
  }
  afterTrainEpoch(runner: Runner): HookResult {
    return this._afterEpoch(runner, 'train');
  }
  afterValEpoch(runner: Runner, _metrics?: Metrics): HookResult {
    return this._afterEpoch(runner, 'val');
  }
  afterTestEpoch(runner: Runner, _metrics?: Metrics): HookResult {
    return this._afterEpoch(runner, 'test');
  }
  beforeTrainIter(runner: Runner, batchIdx: number, dataBatch?: unknown): HookResult {
    return this._beforeIter(runner, batchIdx, dataBatch, 'train');
  }
  beforeValIter(runner: Runner, batchIdx: number, dataBatch?: unknown): HookResult {
    return this._beforeIter(runner, batchIdx, dataBatch, 'val');
  }
  beforeTestIter(runner: Runner, batchIdx: number, dataBatch?: unknown): HookResult {
    return this._beforeIter(runner, batchIdx, dataBatch, 'test');
  }
  afterTrainIter(runner: Runner, batchIdx: number, dataBatch?: unknown, outputs?: Record<string, number>): HookResult {
    return this._afterIter(runner, batchIdx, dataBatch, outputs, 'train');
  }
  afterValIter(runner: Runner, batchIdx: number, dataBatch?: unknown, outputs?: unknown): HookResult {
    return this._afterIter(runner, batchIdx, dataBatch, outputs, 'val');
  }
  afterTestIter(runner: Runner, batchIdx: number, dataBatch?: unknown, outputs?: unknown): HookResult {
    return this._afterIter(runner, batchIdx, dataBatch, outputs, 'test');
  }

  /** Called by the three `before*Epoch` points unless they are overridden. */
  protected _beforeEpoch(_runner: Runner, _mode: RunMode): HookResult {}
  /** Called by the three `after*Epoch` points unless they are overridden. */
  protected _afterEpoch(_runner: Runner, _mode: RunMode): HookResult {}
  /** Called by the three `before*Iter` points unless they are overridden. */
  protected _beforeIter(_runner: Runner, _batchIdx: number, _dataBatch: unknown, _mode: RunMode): HookResult {}
  /** Called by the three `after*Iter` points unless they are overridden. */
  protected _afterIter(
    _runner: Runner,
    _batchIdx: number,
    _dataBatch: unknown,
    _outputs: unknown,
    _mode: RunMode,
  ): HookResult {}

  /** Whether `runner.epoch + 1 - start` is a positive multiple of `n` (MMEngine's `every_n_epochs`). */
  everyNEpochs(runner: Pick<Runner, 'epoch'>, n: number, start = 0): boolean {
    const dividend = runner.epoch + 1 - start;
    return dividend >= 0 && n > 0 ? dividend % n === 0 : false;
  }

  /** Whether `batchIdx + 1` is a multiple of `n`. */
  everyNInnerIters(batchIdx: number, n: number): boolean {
    return n > 0 ? (batchIdx + 1) % n === 0 : false;
  }

  /** Whether `runner.iter + 1 - start` is a positive multiple of `n`. */
  everyNTrainIters(runner: Pick<Runner, 'iter'>, n: number, start = 0): boolean {
    const dividend = runner.iter + 1 - start;
    return dividend >= 0 && n > 0 ? dividend % n === 0 : false;
  }

  /** Whether `batchIdx` is the last batch of `dataloader`. */
  endOfEpoch(dataloader: DataloaderLike, batchIdx: number): boolean {
    return batchIdx + 1 === dataloader.length;
  }

  /** Whether the current epoch is the last one of training. */
  isLastTrainEpoch(runner: Pick<Runner, 'epoch' | 'maxEpochs'>): boolean {
    return runner.epoch + 1 === runner.maxEpochs;
  }

  /** Whether the current iteration is the last one of training. */
  isLastTrainIter(runner: Pick<Runner, 'iter' | 'maxIters'>): boolean {
    return runner.iter + 1 === runner.maxIters;
  }

  /** The hook points this hook's class overrides (MMEngine's `get_triggered_stages`), for `runner.hooksInfo()`. */
  getTriggeredStages(): HookPoint[] {
    const base = Hook.prototype as unknown as Record<string, unknown>;
    const own = this as unknown as Record<string, unknown>;
    const generic: Record<string, HookPoint[]> = {
      _beforeEpoch: ['beforeTrainEpoch', 'beforeValEpoch', 'beforeTestEpoch'],
      _afterEpoch: ['afterTrainEpoch', 'afterValEpoch', 'afterTestEpoch'],
      _beforeIter: ['beforeTrainIter', 'beforeValIter', 'beforeTestIter'],
      _afterIter: ['afterTrainIter', 'afterValIter', 'afterTestIter'],
    };
    const stages = new Set<HookPoint>();
    for (const point of HOOK_POINTS) if (own[point] !== base[point]) stages.add(point);
    for (const [method, points] of Object.entries(generic)) {
      if (own[method] !== base[method]) for (const p of points) stages.add(p);
    }
    return HOOK_POINTS.filter((p) => stages.has(p));
  }
}

// `hook instanceof Hook` holds for hooks made by any copy of this package (its ESM and CJS builds, or a downstream
// package's own install), as the registries they are built from are shared by the whole process.
brandClass(Hook, '@eng/runner/Hook');

/** A hook with state that a checkpoint keeps (the EMA weights, early stopping's best score). */
export interface StatefulHook {
  stateDict(): Record<string, unknown>;
  loadStateDict(state: Record<string, unknown>): void;
}
