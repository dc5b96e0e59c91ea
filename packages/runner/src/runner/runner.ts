import { mkdirSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { Config, importCustomModules } from '@eng/config';
import { importDefaultScopePackage } from './default-scope-package';
import { DataLoader } from '@eng/dataset';
import { Evaluator } from '@eng/evaluator';
import { exists, joinPath } from '@eng/fileio';
import { describe, describeError, nearestNames } from '@eng/internal';
import { type LevelLike, type LogProcessor, MessageHub, MMLogger } from '@eng/logging';
import { allGatherObjectSync, broadcastObjectSync, getRank, getWorldSize, isDistributed } from '@eng/dist';
import { type BaseModel, unwrapModel } from '@eng/model';
import { autoScaleLr, buildOptimWrapper, OptimWrapper, OptimWrapperDict, type ParamScheduler } from '@eng/optim';
import {
  DefaultScope,
  EVALUATOR,
  HOOKS,
  importAllLocations,
  LOG_PROCESSORS,
  LOOPS,
  MODELS,
  PARAM_SCHEDULERS,
  VISUALIZERS,
  withConfigPath,
} from '@eng/registry';
import { disposeAll, getRandomState, initBackend, setRandomSeed, setRandomState, type tf } from '@eng/tensor-gpu';
import { LocalVisBackend, renderRunReport, Visualizer } from '@eng/visualization';
import { findLatestCheckpoint, loadCheckpointFile, loadModelWeights, saveCheckpointFile } from '../checkpoint/index';
import { RunnerError } from '../errors';
import { type CheckpointDict, Hook, type HookPoint, type HookPoints, type Metrics } from '../hooks/hook';
import { getPriority } from '../hooks/priority';
import type { BaseLoop, LoaderState, LoopDataloader } from '../loops/base-loop';
import type { TrainLoopState, TrainPosition } from '../loops/train-loop-state';
import { setUpDistributed, wrapModel } from './distributed';
import { environmentHeader, packageVersions, timestamp } from './environment';
import {
  type EnvCfg,
  type HookSpec,
  KNOWN_CONFIG_KEYS,
  type PartConfig,
  RUNNER_KEYS,
  type RandomnessCfg,
  type RunnerOptions,
} from './runner-options';

/** A train loop as the runner drives it. */
export interface TrainLoop extends BaseLoop {
  readonly maxEpochs: number;
  readonly maxIters: number;
  readonly epoch: number;
  readonly iter: number;
  readonly state: TrainLoopState;
  stopTraining: boolean;
  valInterval: number;
  valBegin: number;
}

/** A val or test loop: `run()` resolves to the metrics. */
export interface EvalLoop extends BaseLoop {
  readonly evaluator: Evaluator;
  run(): Promise<Metrics>;
}

type Schedulers = ParamScheduler[] | Record<string, ParamScheduler[]>;

const DEFAULT_HOOKS: Record<string, PartConfig> = {
  runtime_info: { type: 'RuntimeInfoHook' },
  timer: { type: 'IterTimerHook' },
  sampler_seed: { type: 'DistSamplerSeedHook' },
  logger: { type: 'LoggerHook' },
  param_scheduler: { type: 'ParamSchedulerHook' },
  checkpoint: { type: 'CheckpointHook', interval: 1 },
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const isPlainConfig = (v: unknown): v is Record<string, unknown> =>
  isObject(v) && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

function isPromiseLike(v: unknown): v is PromiseLike<unknown> {
  return typeof (v as { then?: unknown } | null)?.then === 'function';
}

function setupRequired(name: string): never {
  throw new RunnerError(
    'NOT_BUILT',
    `runner.${name} is built when train(), val() or test() first runs (the backend is initialised then); read it from a hook or after one of them`,
  );
}

/**
 * MMEngine's `Runner`: builds a whole experiment from its parts (objects, or configs built through the registries)
 * and runs it: `train()`, `val()`, `test()`.
 *
 * The constructor is synchronous and registers the hooks; the first `train()`, `val()` or `test()` imports the
 * registries' lazy locations and `custom_imports`, initialises the tensor backend (`env_cfg.backend`), seeds every
 * random stream (`randomness`), then builds the model and the parts that run needs. Each runner has its own
 * message hub, logger and visualizer, named after its experiment, and runs everything under its `default_scope`.
 *
 * @example
 * const runner = Runner.fromCfg(await Config.fromFile('configs/mnist_cnn.ts'));
 * await runner.train();
 */
export class Runner {
  readonly cfg: Config;
  readonly workDir: string;
  readonly logDir: string;
  readonly timestamp: string;
  readonly experimentName: string;
  readonly launcher: string;
  readonly defaultScope: string | undefined;
  readonly messageHub: MessageHub;
  readonly logger: MMLogger;
  readonly visualizer: Visualizer;
  readonly logProcessor: LogProcessor;
  readonly autoScaleLrCfg: RunnerOptions['auto_scale_lr'];

  private _model: unknown;
  private _optimWrapper: unknown;
  private _paramSchedulers: unknown;
  private _trainLoop: unknown;
  private _valLoop: unknown;
  private _testLoop: unknown;
  private readonly _trainDataloader: unknown;
  private readonly _valDataloader: unknown;
  private readonly _testDataloader: unknown;
  private readonly _valEvaluator: unknown;
  private readonly _testEvaluator: unknown;
  private readonly _envCfg: EnvCfg;
  private readonly _modelWrapperCfg: PartConfig | undefined;
  private readonly _randomnessCfg: RandomnessCfg;
  private readonly _loadFrom: string | undefined;
  private readonly _resume: boolean | string;
  private _seed: number | undefined;
  /** The run's seed before `diff_rank_seed` adds the rank: the samplers' (every rank must deal the same order). */
  private _sharedSeed: number | undefined;
  private _deterministic = false;
  private _hasLoaded = false;
  private _setUp: Promise<void> | undefined;
  private readonly _hooks: Hook[] = [];
  private readonly _pendingHooks: Array<{ spec: HookSpec; path: string }> = [];
  private _hooksByPoint = new Map<HookPoint, Hook[]>();
  private readonly _builtLoaders = new Set<LoopDataloader>();

  /** Builds a runner from a config (MMEngine's `Runner.from_cfg`): the config's own keys are the options. */
  static fromCfg(cfg: Config | Record<string, unknown>): Runner {
    const config = cfg instanceof Config ? cfg.clone() : new Config(cfg);
    const dict = config.toDict();
    checkTopLevelKeys(dict, config.filename);
    const options: Record<string, unknown> = { cfg: config };
    for (const key of RUNNER_KEYS) if (dict[key] !== undefined) options[key] = dict[key];
    return new this(options as unknown as RunnerOptions);
  }

  constructor(options: RunnerOptions) {
    if (!isObject(options)) throw new TypeError(`Runner expects an options object, got ${describe(options)}`);
    checkOptionKeys(options);
    if (options.model === undefined || options.model === null) {
      throw new RunnerError('MISSING_PART', 'the runner needs a model (the config key "model")');
    }
    if (typeof options.work_dir !== 'string' || options.work_dir === '') {
      throw new RunnerError(
        'MISSING_PART',
        `work_dir must be a path (the config key "work_dir"; eng train defaults it to ./work_dirs/<config name>), got ${describe(options.work_dir)}`,
      );
    }
    this.workDir = /^[a-z][a-z0-9+.-]*:\/\//i.test(options.work_dir) ? options.work_dir : resolve(options.work_dir);
    if (!this.workDir.includes('://')) mkdirSync(this.workDir, { recursive: true });
    const cfg = options.cfg;
    this.cfg = cfg instanceof Config ? cfg : new Config(cfg ?? {});

    requireAllOrNone('train', {
      train_dataloader: options.train_dataloader,
      train_cfg: options.train_cfg,
      optim_wrapper: options.optim_wrapper,
    });
    requireAllOrNone('val', {
      val_dataloader: options.val_dataloader,
      val_cfg: options.val_cfg,
      val_evaluator: options.val_evaluator,
    });
    requireAllOrNone('test', {
      test_dataloader: options.test_dataloader,
      test_cfg: options.test_cfg,
      test_evaluator: options.test_evaluator,
    });
    if (options.param_scheduler != null && options.optim_wrapper == null) {
      throw new RunnerError(
        'BAD_OPTIONS',
        'param_scheduler needs an optim_wrapper (the schedulers change its learning rates)',
      );
    }
    this._trainDataloader = options.train_dataloader ?? undefined;
    this._trainLoop = options.train_cfg ?? undefined;
    this._optimWrapper = options.optim_wrapper ?? undefined;
    this._paramSchedulers = options.param_scheduler ?? undefined;
    this.autoScaleLrCfg = options.auto_scale_lr ?? null;
    this._valDataloader = options.val_dataloader ?? undefined;
    this._valLoop = options.val_cfg ?? undefined;
    this._valEvaluator = options.val_evaluator ?? undefined;
    this._testDataloader = options.test_dataloader ?? undefined;
    this._testLoop = options.test_cfg ?? undefined;
    this._testEvaluator = options.test_evaluator ?? undefined;

    this.launcher = options.launcher ?? 'none';
    setUpDistributed(this.launcher);
    const wrapperCfg = this.cfg.get<unknown>('model_wrapper_cfg', undefined);
    if (wrapperCfg !== undefined && wrapperCfg !== null && !isObject(wrapperCfg)) {
      throw new RunnerError(
        'BAD_OPTIONS',
        `model_wrapper_cfg should be a config object such as { type: 'MMDistributedDataParallel' }, got ${describe(wrapperCfg)}`,
      );
    }
    this._modelWrapperCfg = (wrapperCfg as PartConfig | null | undefined) ?? undefined;
    this._envCfg = { ...(options.env_cfg ?? {}) };
    this._randomnessCfg = { ...(options.randomness ?? {}) };
    this._loadFrom = options.load_from ?? undefined;
    this._resume = options.resume ?? false;

    // rank 0's, so that every rank logs into the same run folder (MMEngine broadcasts it too)
    this.timestamp = broadcastObjectSync(timestamp(), 0);
    const name =
      options.experiment_name ??
      (this.cfg.filename ? basename(this.cfg.filename, extname(this.cfg.filename)) : undefined);
    this.experimentName = uniqueName(name ? `${name}_${this.timestamp}` : this.timestamp);
    this.logDir = joinPath(this.workDir, this.timestamp);
    if (!this.logDir.includes('://')) mkdirSync(this.logDir, { recursive: true });
    this.defaultScope = options.default_scope === null ? undefined : (options.default_scope ?? 'eng');

    this.logProcessor = this._inScope(() =>
      withConfigPath('log_processor', () =>
        LOG_PROCESSORS.build({ type: 'LogProcessor', ...(options.log_processor ?? {}) } as never),
      ),
    ) as LogProcessor;
    this.logger = MMLogger.getInstance(this.experimentName, {
      loggerName: 'eng',
      logLevel: (options.log_level ?? 'INFO') as LevelLike,
      // rank 0 prints and writes TIMESTAMP.log; the other ranks print errors only and write TIMESTAMP_rankN.log
      rank: this.rank,
      distributed: this.distributed,
      ...(this.logDir.includes('://') ? {} : { logFile: joinPath(this.logDir, `${this.timestamp}.log`) }),
    });
    this.messageHub = MessageHub.getInstance(this.experimentName);
    this.visualizer = this._inScope(() => this._buildVisualizer(options.visualizer));

    if (isPlainConfig(options.model) && options.data_preprocessor != null && !('data_preprocessor' in options.model)) {
      this._model = { ...options.model, data_preprocessor: options.data_preprocessor };
    } else {
      this._model = options.model;
    }
    this._inScope(() => this.registerHooks(options.default_hooks ?? undefined, options.custom_hooks ?? undefined));
  }

  // ---- the run's counters, as MMEngine exposes them -------------------------------------------------------------

  /** This process's rank in a distributed run (0 in one process). */
  get rank(): number {
    return getRank();
  }

  /** The number of processes training together (1 in one process). */
  get worldSize(): number {
    return getWorldSize();
  }

  /** Whether this runner is one rank of a distributed run (`launcher` other than `'none'`). */
  get distributed(): boolean {
    return isDistributed() && getWorldSize() > 1;
  }

  /** Epochs done (0-based, as MMEngine's `runner.epoch`). */
  get epoch(): number {
    return this._trainLoopBuilt?.epoch ?? 0;
  }

  /** Iterations done (0-based). */
  get iter(): number {
    return this._trainLoopBuilt?.iter ?? 0;
  }

  get maxEpochs(): number {
    return this._trainLoopBuilt?.maxEpochs ?? 0;
  }

  get maxIters(): number {
    return this._trainLoopBuilt?.maxIters ?? 0;
  }

  get seed(): number | undefined {
    return this._seed;
  }

  get deterministic(): boolean {
    return this._deterministic;
  }

  get hooks(): readonly Hook[] {
    return this._hooks;
  }

  /** The model (built at the first `train()`, `val()` or `test()`). */
  get model(): BaseModel {
    if (this._model === undefined || isPlainConfig(this._model)) setupRequired('model');
    return this._model as BaseModel;
  }

  /** PrepareTTAHook and EMA-style hooks replace the model. */
  set model(model: BaseModel) {
    this._model = model;
  }

  get optimWrapper(): OptimWrapper | OptimWrapperDict {
    if (!(this._optimWrapper instanceof OptimWrapper || this._optimWrapper instanceof OptimWrapperDict)) {
      setupRequired('optimWrapper');
    }
    return this._optimWrapper as OptimWrapper | OptimWrapperDict;
  }

  /** The parameter schedulers (a list, or a list per optimizer for an `OptimWrapperDict`); empty before training. */
  get paramSchedulers(): Schedulers {
    const s = this._paramSchedulers;
    if (Array.isArray(s) && s.every((x) => typeof (x as ParamScheduler)?.step === 'function'))
      return s as ParamScheduler[];
    if (
      isObject(s) &&
      !('type' in s) &&
      Object.values(s).every((list) => Array.isArray(list) && list.every((x) => typeof x?.step === 'function'))
    ) {
      return s as Record<string, ParamScheduler[]>;
    }
    return [];
  }

  get trainLoop(): TrainLoop {
    return this._trainLoopBuilt ?? setupRequired('trainLoop');
  }

  get valLoop(): EvalLoop {
    if (!(this._valLoop instanceof Object && 'evaluator' in (this._valLoop as object))) setupRequired('valLoop');
    return this._valLoop as EvalLoop;
  }

  get testLoop(): EvalLoop {
    if (!(this._testLoop instanceof Object && 'evaluator' in (this._testLoop as object))) setupRequired('testLoop');
    return this._testLoop as EvalLoop;
  }

  /** Whether this runner resumes a run (`resume` is true or a path), rather than starting one or only loading weights. */
  get resuming(): boolean {
    return this._resume !== false;
  }

  /** Whether a train loop is built (false in a run that only validates or tests). */
  get hasTrainLoop(): boolean {
    return this._trainLoopBuilt !== undefined;
  }

  /** Whether validation is configured (its loop is built with the train loop). */
  get hasValLoop(): boolean {
    return this._valLoop !== undefined;
  }

  get trainDataloader(): LoopDataloader {
    return this.trainLoop.dataloader;
  }

  get valDataloader(): LoopDataloader {
    return this.valLoop.dataloader;
  }

  get testDataloader(): LoopDataloader {
    return this.testLoop.dataloader;
  }

  get valEvaluator(): Evaluator {
    return this.valLoop.evaluator;
  }

  get testEvaluator(): Evaluator {
    return this.testLoop.evaluator;
  }

  get valInterval(): number {
    return this.trainLoop.valInterval;
  }

  get valBegin(): number {
    return this.trainLoop.valBegin;
  }

  private get _trainLoopBuilt(): TrainLoop | undefined {
    const loop = this._trainLoop as TrainLoop | undefined;
    return loop !== undefined && typeof (loop as { run?: unknown }).run === 'function' && 'state' in loop
      ? loop
      : undefined;
  }

  // ---- running ---------------------------------------------------------------------------------------------------

  /** Trains (MMEngine's `runner.train()`); resolves to the model. */
  train(): Promise<BaseModel> {
    return this._inScope(async () => {
      await this._prepare();
      if (this._trainLoop === undefined) {
        throw new RunnerError(
          'MISSING_PART',
          'train() needs train_dataloader, train_cfg and optim_wrapper (give all three to the Runner or the config)',
        );
      }
      const loop = this._buildTrainLoop();
      await loop.ready();
      if (this.distributed && (loop.dataloader as { sampler?: { roundUp?: boolean } }).sampler?.roundUp === false) {
        throw new RunnerError(
          'BAD_OPTIONS',
          'train_dataloader.sampler.round_up: false gives the ranks different numbers of batches, and a rank with fewer would leave the others waiting for its gradients; keep round_up: true (the default) in a distributed run',
        );
      }
      this._optimWrapper = this._buildOptimWrapper();
      this._scaleLr();
      this._paramSchedulers = this._buildParamSchedulers();
      if (this._valLoop !== undefined) {
        this._valLoop = this._buildEvalLoop('val');
        await (this._valLoop as EvalLoop).ready();
      }
      await this.callHook('beforeRun');
      await unwrapModel(this.model).initWeights?.();
      await this.loadOrResume();
      // every rank starts from rank 0's weights, whatever each initialized or loaded
      (this.model as { syncModuleStates?: () => void }).syncModuleStates?.();
      for (const wrapper of this._wrappers()) {
        wrapper.initializeCountStatus(unwrapModel(this.model), loop.iter, loop.maxIters);
      }
      this.logger.info(
        `Checkpoints will be saved to ${this.workDir}. Training ${loop.maxEpochs > 1 || loop.constructor.name !== 'IterBasedTrainLoop' ? `${loop.maxEpochs} epochs of ${loop.dataloader.length} iterations` : `${loop.maxIters} iterations`}.`,
      );
      const model = (await loop.run()) as BaseModel;
      await this.callHook('afterRun');
      await this._plotCurves();
      return model;
    });
  }

  /**
   * Draws the run's curves and `index.html` beside each local `scalars.json` a `LocalVisBackend` wrote (off with
   * `env_cfg.plot_curves: false`; `eng plot WORK_DIR` draws them later). A failure is logged, never thrown.
   */
  private async _plotCurves(): Promise<void> {
    if (this._envCfg.plot_curves === false || this.rank !== 0) return;
    for (const backend of this.visualizer.visBackends.values()) {
      if (!(backend instanceof LocalVisBackend) || String(backend.saveDir).includes('://')) continue;
      try {
        await backend.close(); // a local backend's close() only waits for its queued writes
        if (!(await exists(backend.scalarSaveFile))) continue;
        const { files } = await renderRunReport(backend.scalarSaveFile);
        this.logger.info(`Training curves and the run report are in ${files.at(-1)}`);
      } catch (error) {
        this.logger.warning(`Could not draw the training curves: ${describeError(error)}`);
      }
    }
  }

  /** Validates once (MMEngine's `runner.val()`); resolves to the metrics. */
  val(): Promise<Metrics> {
    return this._evaluate('val');
  }

  /** Tests once (MMEngine's `runner.test()`); resolves to the metrics. */
  test(): Promise<Metrics> {
    return this._evaluate('test');
  }

  private _evaluate(mode: 'val' | 'test'): Promise<Metrics> {
    return this._inScope(async () => {
      await this._prepare();
      if ((mode === 'val' ? this._valLoop : this._testLoop) === undefined) {
        throw new RunnerError(
          'MISSING_PART',
          `${mode}() needs ${mode}_dataloader, ${mode}_cfg and ${mode}_evaluator (give all three to the Runner or the config)`,
        );
      }
      const loop = this._buildEvalLoop(mode);
      await loop.ready();
      if (mode === 'val') this._valLoop = loop;
      else this._testLoop = loop;
      await this.callHook('beforeRun');
      await this.loadOrResume();
      const metrics = await loop.run();
      await this.callHook('afterRun');
      return metrics;
    });
  }

  /** Asks the train loop to stop after the current iteration (Ctrl-C, a hook). */
  requestStop(reason: string): void {
    const loop = this._trainLoopBuilt;
    if (loop === undefined || loop.stopTraining) return;
    loop.stopTraining = true;
    this.logger.warning(`Stopping after the current iteration: ${reason}`);
  }

  /** Stops the dataloaders' worker threads and flushes the visualizer's files. */
  async close(): Promise<void> {
    for (const loader of this._builtLoaders) await loader.close?.();
    this._builtLoaders.clear();
    await this.visualizer.close();
  }

  /** Reports a non-finite loss with the iteration (`env_cfg.nan_loss`: `'warn'`, `'stop'` or `'ignore'`). */
  checkOutputs(outputs: unknown): void {
    const policy = this._envCfg.nan_loss ?? 'warn';
    if (policy === 'ignore' || !isObject(outputs)) return;
    for (const [key, value] of Object.entries(outputs)) {
      if (typeof value !== 'number' || Number.isFinite(value) || !key.includes('loss')) continue;
      const where = `iteration ${this.iter + 1} (epoch ${this.epoch + 1})`;
      const message = `${key} is ${value} at ${where}`;
      if (policy === 'stop') {
        throw new RunnerError(
          'NAN_LOSS',
          `${message}; the run stops (env_cfg.nan_loss: 'stop'). Lower the learning rate or enable clip_grad`,
        );
      }
      this.logger.warning(`${message} (env_cfg.nan_loss: 'stop' ends the run instead)`);
    }
  }

  // ---- setup -----------------------------------------------------------------------------------------------------

  private _inScope<R>(fn: () => R): R {
    return DefaultScope.overwriteDefaultScope(this.defaultScope, fn);
  }

  private _prepare(): Promise<void> {
    this._setUp ??= this._doPrepare();
    return this._setUp;
  }

  private async _doPrepare(): Promise<void> {
    await importAllLocations();
    const imports = this.cfg.get<unknown>('custom_imports', undefined);
    if (imports !== undefined && imports !== null)
      await importCustomModules(imports, this.cfg.filename ?? this.workDir);
    const scopeImport = await importDefaultScopePackage(
      this.defaultScope,
      this.cfg.filename ?? join(this.workDir, 'config'),
    );
    if (scopeImport.warning) this.logger.warn(scopeImport.warning);
    // the imported packages may have made child registries with lazy locations of their own
    await importAllLocations();
    const pending = this._pendingHooks.splice(0);
    for (const { spec, path } of pending) this._registerOne(spec, undefined, path, false);

    const random = this._randomnessCfg;
    // MMEngine's sync_random_seed: a drawn seed is rank 0's on every rank
    const seed =
      typeof random.seed === 'number' ? random.seed : broadcastObjectSync(Math.floor(Math.random() * 2 ** 31), 0);
    this._sharedSeed = seed;
    this._seed = random.diff_rank_seed ? seed + this.rank : seed;
    this._deterministic = random.deterministic ?? false;
    setRandomSeed(this._seed, { deterministic: this._deterministic });
    const prefer = this._envCfg.backend;
    await initBackend({
      ...(prefer === undefined ? {} : { prefer: Array.isArray(prefer) ? prefer : [prefer] }),
      ...(this._envCfg.threads === undefined ? {} : { threads: this._envCfg.threads }),
      log: (message, level) => this.logger.log(level, message),
    });

    this.logger.info(
      environmentHeader({
        seed: this._seed,
        deterministic: this._deterministic,
        launcher: this.launcher,
        rank: this.rank,
        worldSize: this.worldSize,
        envCfg: this._envCfg,
      }),
    );
    if (this.cfg.size > 0) this.logger.info(`Config:\n${this.cfg.prettyText}`);
    if (isPlainConfig(this._model)) {
      this._model = withConfigPath('model', () => MODELS.build(this._model as never));
    }
    this._model = wrapModel(this._model as BaseModel, this._modelWrapperCfg, this.distributed);
    this.logger.info(`Hooks will be executed in the following order:\n${this.hooksInfo()}`);
    this._dumpConfig();
    if (this.cfg.size > 0) await this.visualizer.addConfig(this.cfg);
  }

  private _dumpConfig(): void {
    if (this.cfg.size === 0 || this.workDir.includes('://') || this.rank !== 0) return;
    const file = this.cfg.filename ? basename(this.cfg.filename) : `${this.timestamp}.json`;
    this.cfg.dump(joinPath(this.workDir, file));
  }

  private _buildVisualizer(spec: unknown): Visualizer {
    if (spec instanceof Visualizer) return spec;
    if (spec === undefined || spec === null) {
      return Visualizer.getInstance(this.experimentName, {
        vis_backends: [{ type: 'LocalVisBackend' }],
        save_dir: this.logDir,
      } as never);
    }
    if (!isObject(spec))
      throw new RunnerError('BAD_OPTIONS', `visualizer must be a Visualizer or its config, got ${describe(spec)}`);
    return withConfigPath('visualizer', () =>
      VISUALIZERS.build({ type: 'Visualizer', name: this.experimentName, save_dir: this.logDir, ...spec } as never),
    ) as Visualizer;
  }

  /** Builds a dataloader from its config (or takes the one given), for a loop. */
  buildDataloader(spec: unknown, key: string): LoopDataloader {
    if (spec === undefined || spec === null) throw new RunnerError('MISSING_PART', `${key} is required`);
    if (typeof (spec as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function') {
      return spec as LoopDataloader;
    }
    if (!isPlainConfig(spec))
      throw new RunnerError('BAD_OPTIONS', `${key} must be a DataLoader or its config, got ${describe(spec)}`);
    const { type, shuffle, ...rest } = spec;
    if (type !== undefined && type !== 'DataLoader') {
      throw new RunnerError('BAD_OPTIONS', `${key}.type: only "DataLoader" is available, got ${describe(type)}`);
    }
    const options: Record<string, unknown> = { ...rest };
    if (options.sampler === undefined) {
      options.sampler = { type: 'DefaultSampler', shuffle: shuffle ?? key === 'train_dataloader' };
    } else if (shuffle !== undefined) {
      throw new RunnerError(
        'BAD_OPTIONS',
        `${key}: give either sampler or shuffle, not both (shuffle is the sampler's option)`,
      );
    }
    if (options.seed === undefined && this._seed !== undefined) options.seed = this._seed;
    const sampler = options.sampler;
    if (
      this._sharedSeed !== this._seed &&
      isPlainConfig(sampler) &&
      sampler.seed === undefined &&
      ['DefaultSampler', 'InfiniteSampler', undefined].includes(sampler.type as string | undefined)
    ) {
      options.sampler = { ...sampler, seed: this._sharedSeed };
    }
    const loader = withConfigPath(key, () => new DataLoader(options as never));
    this._builtLoaders.add(loader as unknown as LoopDataloader);
    return loader as unknown as LoopDataloader;
  }

  /** Builds the evaluator of a val/test loop from a metric config, a list of them, or an `Evaluator` config. */
  buildEvaluator(spec: unknown, key: string): Evaluator {
    if (spec instanceof Evaluator) return spec;
    if (Array.isArray(spec)) return withConfigPath(key, () => new Evaluator({ metrics: spec } as never));
    if (isObject(spec) && 'type' in spec && EVALUATOR.get(String(spec.type)) !== undefined) {
      return withConfigPath(key, () => EVALUATOR.build(spec as never)) as Evaluator;
    }
    if (isObject(spec) && 'metrics' in spec && !('type' in spec)) {
      return withConfigPath(key, () => new Evaluator(spec as never));
    }
    if (isObject(spec)) return withConfigPath(key, () => new Evaluator({ metrics: [spec] } as never));
    throw new RunnerError(
      'BAD_OPTIONS',
      `${key} must be a metric config, a list of them or an Evaluator, got ${describe(spec)}`,
    );
  }

  private _buildTrainLoop(): TrainLoop {
    if (this._trainLoopBuilt) return this._trainLoopBuilt;
    const spec = this._trainLoop;
    if (!isObject(spec)) throw new RunnerError('BAD_OPTIONS', `train_cfg must be a dict, got ${describe(spec)}`);
    const loop = withConfigPath('train_cfg', () => {
      const defaults = { runner: this, dataloader: this._trainDataloader };
      if ('type' in spec) {
        if ('by_epoch' in spec) {
          throw new RunnerError('BAD_OPTIONS', 'train_cfg: give either type or by_epoch, not both');
        }
        return LOOPS.build(spec as never, defaults as never);
      }
      const { by_epoch, ...rest } = spec;
      const byEpoch = by_epoch ?? !('max_iters' in rest);
      return LOOPS.build(
        { type: byEpoch ? 'EpochBasedTrainLoop' : 'IterBasedTrainLoop', ...rest } as never,
        defaults as never,
      );
    }) as unknown as TrainLoop;
    this._trainLoop = loop;
    return loop;
  }

  private _buildEvalLoop(mode: 'val' | 'test'): EvalLoop {
    const current = mode === 'val' ? this._valLoop : this._testLoop;
    if (isObject(current) && typeof current.run === 'function' && 'evaluator' in current)
      return current as unknown as EvalLoop;
    const spec = current;
    if (!isObject(spec)) throw new RunnerError('BAD_OPTIONS', `${mode}_cfg must be a dict, got ${describe(spec)}`);
    const defaults = {
      runner: this,
      dataloader: mode === 'val' ? this._valDataloader : this._testDataloader,
      evaluator: mode === 'val' ? this._valEvaluator : this._testEvaluator,
    };
    const type = 'type' in spec ? spec.type : mode === 'val' ? 'ValLoop' : 'TestLoop';
    return withConfigPath(`${mode}_cfg`, () =>
      LOOPS.build({ ...spec, type } as never, defaults as never),
    ) as unknown as EvalLoop;
  }

  private _buildOptimWrapper(): OptimWrapper | OptimWrapperDict {
    const spec = this._optimWrapper;
    let wrapper: OptimWrapper | OptimWrapperDict;
    if (spec instanceof OptimWrapper || spec instanceof OptimWrapperDict) wrapper = spec;
    else if (isObject(spec))
      wrapper = withConfigPath('optim_wrapper', () => buildOptimWrapper(unwrapModel(this.model) as never, spec));
    else
      throw new RunnerError(
        'BAD_OPTIONS',
        `optim_wrapper must be an OptimWrapper or its config, got ${describe(spec)}`,
      );
    this._optimWrapper = wrapper;
    for (const w of this._wrappers()) w.messageHub = this.messageHub;
    return wrapper;
  }

  private _wrappers(): OptimWrapper[] {
    const w = this._optimWrapper;
    if (w instanceof OptimWrapperDict) return Object.values(w.optimWrappers);
    return w instanceof OptimWrapper ? [w] : [];
  }

  private _scaleLr(): void {
    const cfg = this.autoScaleLrCfg;
    if (!cfg?.enable) return;
    const loader = this.trainLoop.dataloader;
    // autoScaleLr logs the ratio (MMEngine's message) through the current logger, which is this runner's
    autoScaleLr(this.optimWrapper, { enable: true, ...cfg }, {
      realBatchSize: this.worldSize * (loader.batchSize ?? 1),
      schedulersBuilt: Array.isArray(this.paramSchedulers) ? this.paramSchedulers.length > 0 : true,
    } as never);
  }

  private _buildParamSchedulers(): Schedulers {
    const spec = this._paramSchedulers;
    if (spec === undefined || spec === null) return [];
    const loop = this.trainLoop;
    const buildList = (list: unknown, wrapper: OptimWrapper, path: string): ParamScheduler[] =>
      (Array.isArray(list) ? list : [list]).map((s, i) => {
        if (typeof (s as ParamScheduler)?.step === 'function') return s as ParamScheduler;
        if (!isObject(s))
          throw new RunnerError('BAD_OPTIONS', `${path}[${i}] must be a scheduler config, got ${describe(s)}`);
        const cfg = { ...s };
        if (cfg.end === undefined) cfg.end = cfg.by_epoch === false ? loop.maxIters : loop.maxEpochs;
        return withConfigPath(Array.isArray(list) ? `${path}[${i}]` : path, () =>
          PARAM_SCHEDULERS.build(cfg as never, { optimizer: wrapper, epoch_length: loop.dataloader.length } as never),
        ) as ParamScheduler;
      });
    const wrapper = this.optimWrapper;
    if (wrapper instanceof OptimWrapperDict) {
      const names = Object.keys(wrapper.optimWrappers);
      const perName = isObject(spec) && !('type' in spec) ? spec : undefined;
      const out: Record<string, ParamScheduler[]> = {};
      for (const name of names) {
        const list = perName ? perName[name] : spec;
        out[name] =
          list === undefined
            ? []
            : buildList(
                list,
                wrapper.optimWrappers[name] as OptimWrapper,
                perName ? `param_scheduler.${name}` : 'param_scheduler',
              );
      }
      return out;
    }
    return buildList(spec, wrapper, 'param_scheduler');
  }

  // ---- hooks -----------------------------------------------------------------------------------------------------

  /**
   * Registers a hook (an instance or a config) by priority (MMEngine's `register_hook`): a `priority` given here, or
   * in the config, overrides the hook's own; equal priorities keep the order of registration.
   */
  registerHook(hook: HookSpec, priority?: number | string): void {
    this._inScope(() => this._registerOne(hook, priority, 'custom_hooks', false));
  }

  /** Registers `default_hooks` (merged over MMEngine's defaults; `null` removes one) and `custom_hooks`. */
  registerHooks(defaultHooks?: Record<string, HookSpec | null>, customHooks?: HookSpec[]): void {
    const merged: Record<string, HookSpec> = { ...DEFAULT_HOOKS };
    for (const [name, spec] of Object.entries(defaultHooks ?? {})) {
      if (spec === null) delete merged[name];
      else merged[name] = spec;
    }
    for (const [name, spec] of Object.entries(merged))
      this._registerOne(spec, undefined, `default_hooks.${name}`, true);
    (customHooks ?? []).forEach((spec, i) => {
      this._registerOne(spec, undefined, `custom_hooks[${i}]`, true);
    });
  }

  private _registerOne(spec: HookSpec, priority: number | string | undefined, path: string, mayWait: boolean): void {
    let hook: Hook;
    let configPriority: unknown;
    if (spec instanceof Hook) hook = spec;
    else if (isObject(spec)) {
      const { priority: p, ...cfg } = spec;
      configPriority = p;
      if (mayWait && typeof cfg.type === 'string' && HOOKS.get(cfg.type) === undefined && this._mayDefine(cfg.type)) {
        this._pendingHooks.push({ spec, path });
        return;
      }
      hook = withConfigPath(path, () => HOOKS.build(cfg as never)) as unknown as Hook;
      if (!(hook instanceof Hook)) {
        throw new RunnerError(
          'BAD_OPTIONS',
          `${path}: ${String(cfg.type)} must extend Hook (from @eng/runner), got ${describe(hook)}`,
        );
      }
    } else {
      throw new TypeError(`${path}: a hook must be a Hook or a config, got ${describe(spec)}`);
    }
    const chosen = priority ?? configPriority;
    if (chosen !== undefined) hook.priority = chosen as Hook['priority'];
    const value = getPriority(hook.priority);
    let at = this._hooks.length;
    while (at > 0 && getPriority((this._hooks[at - 1] as Hook).priority) > value) at -= 1;
    this._hooks.splice(at, 0, hook);
    this._hooksByPoint = new Map();
  }

  /** Whether a hook type not registered yet may still come from `custom_imports` or lazy locations. */
  private _mayDefine(type: string): boolean {
    return this._setUp === undefined && (this.cfg.has('custom_imports') || type.includes('.'));
  }

  /**
   * Calls `fnName` on every hook that implements it, in priority order, awaiting each (MMEngine's `call_hook`). A
   * hook that throws is named in the log before the error propagates.
   */
  async callHook<P extends HookPoint>(fnName: P, ...args: HookPoints[P]): Promise<void>;
  async callHook(fnName: string, ...args: unknown[]): Promise<void>;
  async callHook(fnName: string, ...args: unknown[]): Promise<void> {
    let hooks = this._hooksByPoint.get(fnName as HookPoint);
    if (hooks === undefined) {
      hooks = this._hooks.filter(
        (h) => h.getTriggeredStages().includes(fnName as HookPoint) || !(fnName in Hook.prototype),
      );
      this._hooksByPoint.set(fnName as HookPoint, hooks);
    }
    for (const hook of hooks) {
      const fn = (hook as unknown as Record<string, unknown>)[fnName];
      if (typeof fn !== 'function') continue;
      try {
        const result = fn.call(hook, this, ...args);
        if (isPromiseLike(result)) await result;
      } catch (error) {
        this.logger.error(`${hook.constructor.name}.${fnName} failed: ${describeError(error)}`);
        throw error;
      }
    }
  }

  /** The hooks of each stage in the order they run (MMEngine's `get_hooks_info`). */
  hooksInfo(): string {
    const lines: string[] = [];
    const stages = new Map<HookPoint, string[]>();
    for (const hook of this._hooks) {
      const priority = getPriority(hook.priority);
      const name = Object.entries(PRIORITY_NAMES).find(([, v]) => v === priority)?.[0] ?? String(priority);
      for (const stage of hook.getTriggeredStages()) {
        const list = stages.get(stage) ?? [];
        list.push(`(${name.padEnd(12)}) ${hook.constructor.name}`);
        stages.set(stage, list);
      }
    }
    for (const [stage, hooks] of stages) {
      lines.push(`${stage}:`, ...hooks, ' -------------------- ');
    }
    return lines.join('\n');
  }

  // ---- checkpoints -----------------------------------------------------------------------------------------------

  /**
   * Saves a checkpoint to `joinPath(outDir, filename)` atomically: the model's tensors, the optimizer's state, the
   * schedulers, the message hub, the train dataloader's position, every random stream and `meta` (MMEngine's
   * `save_checkpoint`; the `beforeSaveCheckpoint` hooks may add to it).
   */
  async saveCheckpoint(
    outDir: string,
    filename: string,
    options: { saveOptimizer?: boolean; saveParamScheduler?: boolean; meta?: Record<string, unknown> } = {},
  ): Promise<void> {
    const { saveOptimizer = true, saveParamScheduler = true } = options;
    if (options.meta !== undefined && !isObject(options.meta)) {
      throw new TypeError(`saveCheckpoint: meta should be an object, got ${describe(options.meta)}`);
    }
    // every rank's random streams (they differ with diff_rank_seed), gathered before rank 0 alone goes on
    const randomByRank = this.distributed ? allGatherObjectSync(getRandomState()) : undefined;
    // Every rank holds the same model and optimizer state: rank 0 writes the checkpoint.
    if (this.rank !== 0) return;
    const loop = this._trainLoopBuilt;
    const position: TrainPosition = loop?.state.resumePoint() ?? { epoch: 0, iter: 0, batchInEpoch: 0 };
    const dataset = loop?.dataloader.dataset as { metainfo?: unknown } | undefined;
    const meta: Record<string, unknown> = {
      epoch: position.epoch,
      iter: position.iter,
      ...options.meta,
      // where the train loop continues: the hooks' `meta` may round epoch/iter (MMEngine's), this stays exact
      loop: { epoch: position.epoch, iter: position.iter, batch_in_epoch: position.batchInEpoch },
      cfg: this.cfg.prettyText,
      seed: this._seed,
      experiment_name: this.experimentName,
      time: timestamp(),
      versions: packageVersions(),
      ...(dataset?.metainfo === undefined ? {} : { dataset_meta: dataset.metainfo }),
    };
    const checkpoint: CheckpointDict = {
      meta,
      state_dict: unwrapModel(this.model).stateDict(),
      message_hub: this.messageHub.stateDict(),
      random: getRandomState(),
      ...(randomByRank === undefined ? {} : { random_by_rank: randomByRank }),
    };
    if (loop?.dataloader.stateDict) {
      const state = loop.dataloader.stateDict();
      checkpoint.dataloader =
        loop.state.phase === 'afterEpoch' ? { ...state, epoch: position.epoch, position: 0 } : state;
    }
    if (saveOptimizer && this._wrappers().length > 0) checkpoint.optimizer = this.optimWrapper.stateDict();
    if (saveParamScheduler) {
      const s = this.paramSchedulers;
      checkpoint.param_schedulers = Array.isArray(s)
        ? s.map((x) => x.stateDict())
        : Object.fromEntries(Object.entries(s).map(([k, list]) => [k, list.map((x) => x.stateDict())]));
    }
    const hookStates: Record<string, unknown> = {};
    this._hooks.forEach((hook, i) => {
      const h = hook as unknown as { stateDict?: () => unknown };
      if (typeof h.stateDict === 'function') hookStates[`${i}.${hook.constructor.name}`] = h.stateDict();
    });
    if (Object.keys(hookStates).length) checkpoint.hooks = hookStates;
    await this.callHook('beforeSaveCheckpoint', checkpoint);
    const uri = joinPath(outDir, filename);
    try {
      await saveCheckpointFile(uri, checkpoint);
    } finally {
      // the copies stateDict()s made; live variables are never disposed
      disposeAll(checkpoint);
    }
  }

  /**
   * Loads the model's weights from a checkpoint (MMEngine's `load_checkpoint`): `afterLoadCheckpoint` hooks run
   * first, keys are revised (`revise_keys`, default: a leading `module.` removed), and with `strict: false` (the
   * default, as MMEngine) missing and unexpected keys are logged instead of raised. Resolves to the checkpoint.
   */
  loadCheckpoint(
    filename: string,
    options: { strict?: boolean; reviseKeys?: Array<[string | RegExp, string]> } = {},
  ): Promise<CheckpointDict> {
    return this._inScope(async () => {
      await this._prepare();
      const checkpoint = (await loadCheckpointFile(filename)) as CheckpointDict;
      await this.callHook('afterLoadCheckpoint', checkpoint);
      const state = (checkpoint.state_dict ?? {}) as Record<string, tf.Tensor>;
      loadModelWeights(unwrapModel(this.model), state, {
        strict: options.strict ?? false,
        ...(options.reviseKeys ? { reviseKeys: options.reviseKeys } : {}),
        logger: this.logger,
      });
      this._hasLoaded = true;
      this.logger.info(`Load checkpoint from ${filename}`);
      return checkpoint;
    });
  }

  /**
   * Resumes a run from a checkpoint (MMEngine's `resume`): weights, optimizer and scheduler states, the message hub,
   * the loop's counters, the dataloader's position inside its epoch and every random stream, so the run continues
   * exactly where the checkpoint was taken.
   */
  async resume(
    filename: string,
    options: { resumeOptimizer?: boolean; resumeParamScheduler?: boolean } = {},
  ): Promise<void> {
    const { resumeOptimizer = true, resumeParamScheduler = true } = options;
    const checkpoint = await this.loadCheckpoint(filename);
    const meta = (checkpoint.meta ?? {}) as Record<string, unknown>;
    const loop = this._trainLoopBuilt;
    if (loop) {
      const at = (meta.loop ?? meta) as Record<string, unknown>;
      const loaderState = checkpoint.dataloader as LoaderState | undefined;
      loop.state.restore({
        epoch: Number(at.epoch ?? 0),
        iter: Number(at.iter ?? 0),
        batchInEpoch: this._batchInEpochHere(Number(at.batch_in_epoch ?? 0), loaderState, loop),
      });
      if (loaderState && loop.dataloader.loadStateDict) loop.dataloader.loadStateDict(loaderState);
    }
    const seed = meta.seed;
    if (typeof seed === 'number' && typeof this._randomnessCfg.seed === 'number' && seed !== this._randomnessCfg.seed) {
      this.logger.warning(
        `The random seed in the checkpoint (${seed}) differs from the randomness config's (${this._randomnessCfg.seed})`,
      );
    }
    if (checkpoint.message_hub) this.messageHub.loadStateDict(checkpoint.message_hub as never);
    if (resumeOptimizer && checkpoint.optimizer && this._wrappers().length > 0) {
      this.optimWrapper.loadStateDict(checkpoint.optimizer as never);
    }
    if (resumeParamScheduler && checkpoint.param_schedulers) {
      const saved = checkpoint.param_schedulers as unknown[] | Record<string, unknown[]>;
      const s = this.paramSchedulers;
      const pairs: Array<[ParamScheduler, unknown]> = Array.isArray(s)
        ? s.map((x, i) => [x, (saved as unknown[])[i]])
        : Object.entries(s).flatMap(([name, list]) =>
            list.map((x, i): [ParamScheduler, unknown] => [x, (saved as Record<string, unknown[]>)[name]?.[i]]),
          );
      for (const [scheduler, state] of pairs) if (state) scheduler.loadStateDict(state as never);
    }
    const hookStates = (checkpoint.hooks ?? {}) as Record<string, unknown>;
    this._hooks.forEach((hook, i) => {
      const h = hook as unknown as { loadStateDict?: (s: unknown) => void };
      const state = hookStates[`${i}.${hook.constructor.name}`];
      if (typeof h.loadStateDict === 'function' && state !== undefined) h.loadStateDict(state);
    });
    // this rank's own streams when the checkpoint has them for this many ranks, else rank 0's
    const byRank = checkpoint.random_by_rank as unknown[] | undefined;
    const random = Array.isArray(byRank) && byRank.length === this.worldSize ? byRank[this.rank] : checkpoint.random;
    if (random) setRandomState(random as never);
    disposeAll(checkpoint);
    this._hasLoaded = true;
    this.logger.info(`resumed epoch: ${this.epoch}, iter: ${this.iter}`);
  }

  /**
   * The batch of the epoch a resumed run continues at. A checkpoint taken inside an epoch by another number of
   * processes continues with the samples not yet seen when this run's total batch divides them; otherwise it is
   * refused (a checkpoint taken at an epoch's end always resumes).
   */
  private _batchInEpochHere(batchInEpoch: number, loaderState: LoaderState | undefined, loop: TrainLoop): number {
    const saved = (loaderState as { world_size?: number } | undefined)?.world_size;
    if (batchInEpoch === 0 || loaderState === undefined || saved === undefined || saved === this.worldSize) {
      return batchInEpoch;
    }
    const consumed = loaderState.position * saved;
    const batch = (loop.dataloader.batchSize ?? 1) * this.worldSize;
    if (consumed % batch !== 0) {
      throw new RunnerError(
        'BAD_OPTIONS',
        `resume: the checkpoint was taken by ${saved} processes after ${consumed} samples of epoch ${loaderState.epoch + 1}, which ${this.worldSize} process(es) of batch ${batch / this.worldSize} cannot continue exactly; resume from a checkpoint taken at the end of an epoch, or with ${saved} processes`,
      );
    }
    return consumed / batch;
  }

  /** Resumes or loads weights once, as `resume` and `load_from` ask (MMEngine's `load_or_resume`). */
  async loadOrResume(): Promise<void> {
    if (this._hasLoaded) return;
    let resumeFrom: string | undefined;
    if (typeof this._resume === 'string') resumeFrom = this._resume;
    else if (this._resume && this._loadFrom === undefined) {
      // rank 0 chooses, so that every rank resumes from the same checkpoint (or none)
      const found = this.rank === 0 ? await findLatestCheckpoint(this.workDir) : undefined;
      resumeFrom = this.distributed ? (broadcastObjectSync(found ?? null, 0) ?? undefined) : found;
      if (resumeFrom === undefined)
        this.logger.info(`No checkpoint found in ${this.workDir} to resume from; training from scratch.`);
      else this.logger.info(`Auto resumed from the latest checkpoint ${resumeFrom}.`);
    } else if (this._resume && this._loadFrom !== undefined) resumeFrom = this._loadFrom;
    if (resumeFrom !== undefined && this._trainLoopBuilt) await this.resume(resumeFrom);
    else if (resumeFrom !== undefined || this._loadFrom !== undefined) {
      const checkpoint = await this.loadCheckpoint((resumeFrom ?? this._loadFrom) as string);
      disposeAll(checkpoint);
    }
    this._hasLoaded = true;
  }
}

const PRIORITY_NAMES: Record<string, number> = {
  HIGHEST: 0,
  VERY_HIGH: 10,
  HIGH: 30,
  ABOVE_NORMAL: 40,
  NORMAL: 50,
  BELOW_NORMAL: 60,
  LOW: 70,
  VERY_LOW: 90,
  LOWEST: 100,
};

/**
 * The experiment's name, made unique in this process: two runners created in the same second would otherwise share
 * the message hub, logger and visualizer kept under it.
 */
function uniqueName(base: string): string {
  const taken = (n: string) =>
    MessageHub.checkInstanceCreated(n) || MMLogger.checkInstanceCreated(n) || Visualizer.checkInstanceCreated(n);
  let name = base;
  for (let i = 2; taken(name); i++) name = `${base}_${i}`;
  return name;
}

function requireAllOrNone(mode: string, parts: Record<string, unknown>): void {
  const given = Object.entries(parts)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k]) => k);
  if (given.length === 0 || given.length === Object.keys(parts).length) return;
  const missing = Object.keys(parts).filter((k) => !given.includes(k));
  throw new RunnerError(
    'MISSING_PART',
    `${Object.keys(parts).join(', ')} should be either all given or all left out (for ${mode}), but ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing while ${given.join(' and ')} ${given.length > 1 ? 'are' : 'is'} given`,
  );
}

function checkOptionKeys(options: Record<string, unknown>): void {
  const valid = [...RUNNER_KEYS, 'cfg'];
  for (const key of Object.keys(options)) {
    if (valid.includes(key)) continue;
    const near = nearestNames(key, valid, { count: 2 });
    throw new RunnerError(
      'BAD_OPTIONS',
      `Runner: unknown option "${key}"${near.length ? `; did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : ''}`,
    );
  }
}

/** A top-level key one or two edits from a Runner key is a misspelling (`trian_cfg`), not a config variable. */
function checkTopLevelKeys(dict: Record<string, unknown>, file: string | undefined): void {
  for (const key of Object.keys(dict)) {
    if ((RUNNER_KEYS as readonly string[]).includes(key) || KNOWN_CONFIG_KEYS.has(key) || key.startsWith('_')) continue;
    const near = nearestNames(key, RUNNER_KEYS, { count: 1, maxDistance: 2 });
    if (near.length === 0) continue;
    throw new RunnerError(
      'BAD_OPTIONS',
      `${file ? `${file}: ` : ''}unknown top-level key "${key}"; did you mean "${near[0]}"? (the Runner reads ${RUNNER_KEYS.join(', ')})`,
    );
  }
}
