import { BaseModel, type BaseModelOptions, BaseModule, type ForwardMode, type LossDict, ModelError } from '@eng/model';
import { tf } from '@eng/tensor-gpu';
import { TOYCLS_MODELS } from '../registry';
import type { BaseDataElement } from '@eng/structures';

type ModuleCfg = Record<string, unknown>;

export interface ImageClassifierOptions extends BaseModelOptions {
  /** The backbone's config (built from toycls's MODELS, so `SmallResNet` or any `scope.Name`). */
  backbone: ModuleCfg;
  /** An optional neck between backbone and head. */
  neck?: ModuleCfg | null;
  /** The head's config; `in_channels` defaults to the backbone's `outChannels`. */
  head: ModuleCfg;
}

/** What a classification head does besides `forward(feats)` (logits): `LinearClsHead`, or one of yours. */
export interface ClsHead extends BaseModule {
  loss(feats: tf.Tensor, dataSamples: unknown): LossDict;
  predict(feats: tf.Tensor, dataSamples?: readonly unknown[] | null): BaseDataElement[];
}

function isClsHead(module: BaseModule): module is ClsHead {
  const m = module as unknown as Partial<Pick<ClsHead, 'loss' | 'predict'>>;
  return typeof m.loss === 'function' && typeof m.predict === 'function';
}

function buildModule(cfg: ModuleCfg, what: string, defaults?: ModuleCfg): BaseModule {
  const built = TOYCLS_MODELS.build(cfg, defaults);
  if (!(built instanceof BaseModule)) {
    throw new ModelError('BAD_OPTIONS', `ImageClassifier: ${what} should build a module, got ${String(built)}`);
  }
  return built;
}

/**
 * mmpretrain's `ImageClassifier`: backbone → neck → head. `forward(inputs, dataSamples, mode)` returns the logits
 * (`'tensor'`), the head's losses (`'loss'`) or the data samples with `pred_score` / `pred_label` (`'predict'`).
 *
 * @example
 * model: {
 *   type: 'ImageClassifier',
 *   data_preprocessor: { type: 'ImgDataPreprocessor', mean: [127.5, 127.5, 127.5], std: [64, 64, 64] },
 *   backbone: { type: 'SmallResNet', depth: 3, width: 8 },
 *   head: { type: 'LinearClsHead', num_classes: 4 },
 * }
 */
export class ImageClassifier extends BaseModel {
  readonly backbone: BaseModule;
  readonly neck: BaseModule | undefined;
  readonly head: ClsHead;

  constructor(options: ImageClassifierOptions) {
    super(options);
    if (options.backbone === undefined || options.head === undefined) {
      throw new ModelError('BAD_OPTIONS', 'ImageClassifier needs a backbone and a head config');
    }
    this.backbone = buildModule(options.backbone, 'backbone');
    this.neck = options.neck ? buildModule(options.neck, 'neck') : undefined;
    const outChannels = (this.neck ?? this.backbone) as { outChannels?: unknown };
    const defaults = typeof outChannels.outChannels === 'number' ? { in_channels: outChannels.outChannels } : undefined;
    const head = buildModule(options.head, 'head', defaults);
    if (!isClsHead(head)) {
      throw new ModelError(
        'BAD_OPTIONS',
        `ImageClassifier: the head ${head.constructor.name} needs loss() and predict()`,
      );
    }
    this.head = head;
  }

  /** The backbone's (and neck's) features. */
  extractFeat(inputs: tf.Tensor): tf.Tensor {
    const feats = this.backbone.forward(inputs) as tf.Tensor;
    return this.neck ? (this.neck.forward(feats) as tf.Tensor) : feats;
  }

  override forward(inputs: unknown, dataSamples?: unknown, mode: ForwardMode = 'tensor'): unknown {
    if (!(inputs instanceof tf.Tensor) || inputs.rank !== 4) {
      throw new ModelError('BAD_INPUT_SHAPE', 'ImageClassifier expects an NHWC batch tensor (use ImgDataPreprocessor)');
    }
    const feats = this.extractFeat(inputs);
    if (mode === 'tensor') return this.head.forward(feats);
    if (mode === 'loss') return this.head.loss(feats, dataSamples);
    if (mode === 'predict') return this.head.predict(feats, Array.isArray(dataSamples) ? dataSamples : null);
    throw new ModelError(
      'BAD_MODE',
      `Invalid mode "${String(mode)}"; only 'loss', 'predict' and 'tensor' are supported`,
    );
  }
}
