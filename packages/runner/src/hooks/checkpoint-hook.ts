import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { exists, joinPath, remove } from '@eng/fileio';
import { optionsSchema, type ShapeOf } from '@eng/internal/options';
import { disposeAll, tf } from '@eng/tensor-gpu';
import { z } from 'zod';
import { loadCheckpointFile, saveCheckpointFile } from '../checkpoint/checkpoint-file';
import { flattenCheckpoint } from '../checkpoint/flatten';
import { writeLastCheckpoint } from '../checkpoint/last-checkpoint';
import { RunnerError } from '../errors';
import type { Runner } from '../runner/runner';
import { Hook, type Metrics } from './hook';

type Rule = 'greater' | 'less';

export interface CheckpointHookOptions {
  /** Save every `interval` epochs (or iterations with `by_epoch: false`); -1 saves only the last (`save_last`). */
  interval?: number;
  by_epoch?: boolean;
  save_optimizer?: boolean;
  save_param_scheduler?: boolean;
  /** Where checkpoints go (any fileio backend): `out_dir/<work dir's name>`; default the work dir itself. */
  out_dir?: string | null;
  /** Keep only the newest this many periodic checkpoints (-1 keeps all). */
  max_keep_ckpts?: number;
  save_last?: boolean;
  /** Keep the best checkpoint by a metric key, several keys, or `'auto'` (the first metric). */
  save_best?: string | string[] | null;
  /** `'greater'` or `'less'` per `save_best` key (inferred from the key's name when left out). */
  rule?: Rule | Rule[] | null;
  greater_keys?: string | string[] | null;
  less_keys?: string | string[] | null;
  /** The file name with `{}` for the epoch or iteration (default `epoch_{}.safetensors` / `iter_{}.safetensors`). */
  filename_tmpl?: string | null;
  backend_args?: Record<string, unknown> | null;
  file_client_args?: null;
  /** After training, write a copy of the last and best checkpoints with only these keys (e.g. `['meta', 'state_dict']`). */
  published_keys?: string | string[] | null;
  /** The first epoch (or iteration) counted by `interval`. */
  save_begin?: number;
}

const strOrList = z.union([z.string(), z.array(z.string())]);
const shape = {
  interval: z.number().int().optional(),
  by_epoch: z.boolean().optional(),
  save_optimizer: z.boolean().optional(),
  save_param_scheduler: z.boolean().optional(),
  out_dir: z.string().nullable().optional(),
  max_keep_ckpts: z.number().int().optional(),
  save_last: z.boolean().optional(),
  save_best: strOrList.nullable().optional(),
  rule: z
    .union([z.enum(['greater', 'less']), z.array(z.enum(['greater', 'less']))])
    .nullable()
    .optional(),
  greater_keys: strOrList.nullable().optional(),
  less_keys: strOrList.nullable().optional(),
  filename_tmpl: z.string().nullable().optional(),
  backend_args: z.record(z.string(), z.unknown()).nullable().optional(),
  file_client_args: z.null().optional(),
  published_keys: strOrList.nullable().optional(),
  save_begin: z.number().int().nonnegative().optional(),
} satisfies ShapeOf<CheckpointHookOptions>;

const DEFAULT_GREATER_KEYS = ['acc', 'top', 'AR@', 'auc', 'precision', 'mAP', 'mDice', 'mIoU', 'mAcc', 'aAcc'];
const DEFAULT_LESS_KEYS = ['loss'];
const asList = (v: string | string[] | null | undefined): string[] | undefined =>
  v === undefined || v === null ? undefined : Array.isArray(v) ? v : [v];

/** The rule of a metric key from its name (MMEngine's `_init_rule`): exact names first, then substrings. */
function inferRule(key: string, greater: readonly string[], less: readonly string[]): Rule {
  const k = key.toLowerCase();
  const g = greater.map((x) => x.toLowerCase());
  const l = less.map((x) => x.toLowerCase());
  if (g.includes(k)) return 'greater';
  if (l.includes(k)) return 'less';
  if (g.some((x) => k.includes(x))) return 'greater';
  if (l.some((x) => k.includes(x))) return 'less';
  throw new RunnerError(
    'BAD_OPTIONS',
    `CheckpointHook: cannot infer the rule for the metric "${key}" from its name; give rule: 'greater' or 'less' (or greater_keys / less_keys)`,
  );
}

/**
 * MMEngine's `CheckpointHook` (priority VERY_LOW): saves `epoch_N.safetensors` (or `iter_N`) every `interval` and at
 * the end, keeps at most `max_keep_ckpts` of them, writes `last_checkpoint` after each is complete, keeps the best
 * checkpoint by `save_best` (`best_<key>_epoch_N.safetensors`, the previous best removed), and publishes trimmed
 * copies with `published_keys`. What it needs across a resume (kept checkpoints, best scores) lives in the message
 * hub, which checkpoints carry.
 */
export class CheckpointHook extends Hook {
  static readonly optionsSchema = optionsSchema<CheckpointHookOptions>(shape);
  override priority: Hook['priority'] = 'VERY_LOW';
  readonly interval: number;
  readonly byEpoch: boolean;
  readonly saveOptimizer: boolean;
  readonly saveParamScheduler: boolean;
  readonly maxKeepCkpts: number;
  readonly saveLast: boolean;
  readonly saveBegin: number;
  readonly filenameTmpl: string;
  readonly publishedKeys: string[] | undefined;
  readonly greaterKeys: string[];
  readonly lessKeys: string[];
  outDir: string | undefined;
  keyIndicators: string[];
  rules: Array<Rule | undefined>;
  lastCkpt: string | undefined;
  private _keepCkptIds: number[] = [];
  /** Whether this process writes and removes checkpoint files (rank 0 of a distributed run). */
  private _writes = true;
  private readonly _bestCkpt = new Map<string, string | undefined>();

  constructor(options: CheckpointHookOptions = {}) {
    super();
    this.interval = options.interval ?? -1;
    if (this.interval === 0)
      throw new RunnerError(
        'BAD_OPTIONS',
        'CheckpointHook: interval 0 never saves; use -1 to save only the last checkpoint',
      );
    this.byEpoch = options.by_epoch ?? true;
    this.saveOptimizer = options.save_optimizer ?? true;
    this.saveParamScheduler = options.save_param_scheduler ?? true;
    this.outDir = options.out_dir ?? undefined;
    this.maxKeepCkpts = options.max_keep_ckpts ?? -1;
    this.saveLast = options.save_last ?? true;
    this.saveBegin = options.save_begin ?? 0;
    this.filenameTmpl = options.filename_tmpl ?? (this.byEpoch ? 'epoch_{}.safetensors' : 'iter_{}.safetensors');
    if (!this.filenameTmpl.includes('{}')) {
      throw new RunnerError(
        'BAD_OPTIONS',
        `CheckpointHook: filename_tmpl needs a "{}" for the step, got "${this.filenameTmpl}"`,
      );
    }
    const saveBest = asList(options.save_best) ?? [];
    if (saveBest.includes('auto') && saveBest.length > 1) {
      throw new RunnerError('BAD_OPTIONS', 'CheckpointHook: "auto" in save_best cannot be combined with other keys');
    }
    if (new Set(saveBest).size !== saveBest.length) {
      throw new RunnerError('BAD_OPTIONS', `CheckpointHook: save_best has a key twice: ${saveBest.join(', ')}`);
    }
    const rules =
      options.rule === undefined || options.rule === null
        ? [undefined]
        : Array.isArray(options.rule)
          ? options.rule
          : [options.rule];
    if (saveBest.length && rules.length !== 1 && rules.length !== saveBest.length) {
      throw new RunnerError(
        'BAD_OPTIONS',
        `CheckpointHook: give one rule or one per save_best key (${saveBest.length}), got ${rules.length}`,
      );
    }
    this.greaterKeys = asList(options.greater_keys) ?? DEFAULT_GREATER_KEYS;
    this.lessKeys = asList(options.less_keys) ?? DEFAULT_LESS_KEYS;
    this.keyIndicators = saveBest;
    this.rules = saveBest.map((_, i) => (rules.length === 1 ? rules[0] : rules[i]));
    this.rules = this.rules.map(
      (rule, i) =>
        rule ??
        (this.keyIndicators[i] === 'auto'
          ? undefined
          : inferRule(this.keyIndicators[i] as string, this.greaterKeys, this.lessKeys)),
    );
    const published = asList(options.published_keys);
    if (published) {
      if (new Set(published).size !== published.length) {
        throw new RunnerError('BAD_OPTIONS', `CheckpointHook: published_keys has a key twice: ${published.join(', ')}`);
      }
      if (!published.includes('meta') || !published.includes('state_dict')) {
        throw new RunnerError('BAD_OPTIONS', '"meta" and "state_dict" must be in published_keys');
      }
    }
    this.publishedKeys = published;
  }

  private _stepFile(step: number): string {
    return this.filenameTmpl.replace('{}', String(step));
  }

  private _bestScoreKey(key: string): string {
    return this.keyIndicators.length === 1 ? 'best_score' : `best_score_${key}`;
  }

  private _bestCkptKey(key: string): string {
    return this.keyIndicators.length === 1 ? 'best_ckpt' : `best_ckpt_${key}`;
  }

  override async beforeTrain(runner: Runner): Promise<void> {
    // Every rank keeps the same bookkeeping (it is in the message hub the checkpoints save); rank 0 writes files.
    this._writes = runner.rank === 0;
    if (this.outDir === undefined) this.outDir = runner.workDir;
    else if (this.outDir !== runner.workDir)
      this.outDir = joinPath(this.outDir, basename(runner.workDir.replace(/[\\/]+$/, '')));
    runner.logger.info(`Checkpoints will be saved to ${this.outDir}.`);
    const hub = runner.messageHub;
    for (const key of this.keyIndicators)
      this._bestCkpt.set(key, hub.getInfo(this._bestCkptKey(key)) as string | undefined);
    if (this.maxKeepCkpts > 0) {
      const kept = hub.getInfo('keep_ckpt_ids');
      this._keepCkptIds = Array.isArray(kept) ? [...(kept as number[])] : [];
      while (this._keepCkptIds.length > this.maxKeepCkpts) await this._removeStep(this._keepCkptIds.shift() as number);
      hub.updateInfo('keep_ckpt_ids', [...this._keepCkptIds]);
    }
  }

  override async afterTrainEpoch(runner: Runner): Promise<void> {
    if (!this.byEpoch) return;
    if (this.everyNEpochs(runner, this.interval, this.saveBegin) || (this.saveLast && this.isLastTrainEpoch(runner))) {
      runner.logger.info(`Saving checkpoint at ${runner.epoch + 1} epochs`);
      await this._saveStep(runner, runner.epoch + 1, { epoch: runner.epoch + 1, iter: runner.iter });
    }
  }

  override async afterTrainIter(runner: Runner): Promise<void> {
    if (this.byEpoch) return;
    if (
      this.everyNTrainIters(runner, this.interval, this.saveBegin) ||
      (this.saveLast && this.isLastTrainIter(runner))
    ) {
      runner.logger.info(`Saving checkpoint at ${runner.iter + 1} iterations`);
      await this._saveStep(runner, runner.iter + 1, { epoch: runner.epoch, iter: runner.iter + 1 });
    }
  }

  override async afterValEpoch(runner: Runner, metrics?: Metrics): Promise<void> {
    if (metrics === undefined || Object.keys(metrics).length === 0) {
      runner.logger.warning(
        'Since `metrics` is an empty dict, saving the best checkpoint is skipped in this evaluation.',
      );
      return;
    }
    await this._saveBest(runner, metrics);
  }

  override async afterTrain(runner: Runner): Promise<void> {
    if (this.publishedKeys === undefined || !this._writes) return;
    if (this.saveLast && this.lastCkpt !== undefined) await this._publish(runner, this.lastCkpt);
    for (const best of this._bestCkpt.values()) if (best !== undefined) await this._publish(runner, best);
  }

  private async _removeStep(step: number): Promise<void> {
    if (!this._writes) return;
    const path = joinPath(this.outDir as string, this._stepFile(step));
    if (await exists(path)) await remove(path);
  }

  private async _saveStep(runner: Runner, step: number, meta: Record<string, unknown>): Promise<void> {
    if (this.maxKeepCkpts > 0 && this._keepCkptIds.at(-1) !== step) {
      if (this._keepCkptIds.length === this.maxKeepCkpts) await this._removeStep(this._keepCkptIds.shift() as number);
      this._keepCkptIds.push(step);
      runner.messageHub.updateInfo('keep_ckpt_ids', [...this._keepCkptIds]);
    }
    const filename = this._stepFile(step);
    this.lastCkpt = joinPath(this.outDir as string, filename);
    runner.messageHub.updateInfo('last_ckpt', this.lastCkpt);
    await runner.saveCheckpoint(this.outDir as string, filename, {
      saveOptimizer: this.saveOptimizer,
      saveParamScheduler: this.saveParamScheduler,
      meta,
    });
    // only once the checkpoint is complete on disk
    if (this._writes) await writeLastCheckpoint(runner.workDir, this.lastCkpt);
  }

  private async _saveBest(runner: Runner, metrics: Metrics): Promise<void> {
    if (this.keyIndicators.length === 0) return;
    const training = runner.hasTrainLoop;
    const [curType, curTime] = this.byEpoch ? (['epoch', runner.epoch] as const) : (['iter', runner.iter] as const);
    const ckptFilename = this._stepFile(curTime);
    if (this.keyIndicators[0] === 'auto') {
      const first = Object.keys(metrics)[0] as string;
      this.keyIndicators = [first];
      this.rules = [this.rules[0] ?? inferRule(first, this.greaterKeys, this.lessKeys)];
      this._bestCkpt.set(first, runner.messageHub.getInfo('best_ckpt') as string | undefined);
    }
    let updated = false;
    for (const [i, key] of this.keyIndicators.entries()) {
      if (!(key in metrics)) {
        throw new RunnerError(
          'BAD_OPTIONS',
          `CheckpointHook: save_best "${key}" is not among the metrics (${Object.keys(metrics).join(', ')})`,
        );
      }
      const score = metrics[key];
      if (typeof score !== 'number') continue;
      const rule = this.rules[i] as Rule;
      const scoreKey = this._bestScoreKey(key);
      const saved = runner.messageHub.getInfo(scoreKey);
      const best = typeof saved === 'number' ? saved : rule === 'greater' ? -Infinity : Infinity;
      if (!(rule === 'greater' ? score > best : score < best)) continue;
      updated = true;
      runner.messageHub.updateInfo(scoreKey, score);
      const previous = this._bestCkpt.get(key);
      if (this._writes && previous && (await exists(previous))) {
        await remove(previous);
        runner.logger.info(`The previous best checkpoint ${previous} is removed`);
      }
      const bestName = `best_${key}_${ckptFilename}`.replaceAll('/', '_');
      const bestPath = joinPath(this.outDir ?? runner.workDir, bestName);
      this._bestCkpt.set(key, bestPath);
      runner.messageHub.updateInfo(this._bestCkptKey(key), bestPath);
      await runner.saveCheckpoint(this.outDir ?? runner.workDir, bestName, {
        saveOptimizer: false,
        saveParamScheduler: false,
        meta: { epoch: runner.epoch, iter: runner.iter },
      });
      runner.logger.info(
        `The best checkpoint with ${score.toFixed(4)} ${key} at ${curTime} ${curType} is saved to ${bestName}.`,
      );
    }
    // Saved again so that the periodic checkpoint's message hub knows the new best (a resumed run removes the right file).
    if (updated && training && this.lastCkpt !== undefined) {
      await this._saveStep(runner, curTime, { epoch: runner.epoch, iter: runner.iter });
    }
  }

  private async _publish(runner: Runner, path: string): Promise<void> {
    const checkpoint = await loadCheckpointFile(path);
    const removed = Object.keys(checkpoint).filter((k) => !(this.publishedKeys as string[]).includes(k));
    for (const key of removed) {
      disposeAll(checkpoint[key]);
      delete checkpoint[key];
    }
    if (removed.length) {
      runner.logger.info(`Key ${removed.join(', ')} will be removed because they are not found in published_keys.`);
    }
    const hash = createHash('sha256');
    const { tensors, skeleton } = flattenCheckpoint(checkpoint);
    hash.update(skeleton);
    for (const [name, t] of tensors) {
      hash.update(name);
      hash.update(new Uint8Array((await t.data()).buffer));
    }
    const final = `${path.replace(/\.safetensors$/, '')}-${hash.digest('hex').slice(0, 8)}.safetensors`;
    await saveCheckpointFile(final, checkpoint);
    tf.dispose([...tensors.values()]);
    runner.logger.info(`The checkpoint ${path} is published to ${final}.`);
  }
}
