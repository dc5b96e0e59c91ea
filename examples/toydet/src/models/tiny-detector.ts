import { BaseModel, type BaseModelOptions, BaseModule, type ForwardMode, ModelError } from '@eng/model';
import { tf } from '@eng/tensor-gpu';
import { TOYDET_MODELS } from '../registry';
import { CenterHead } from './center-head';

type ModuleCfg = Record<string, unknown>;

export interface TinyDetectorOptions extends BaseModelOptions {
  /** The backbone's config: any module with a `[N, H/s, W/s, C]` output, e.g. `toycls.SmallResNet`. */
  backbone: ModuleCfg;
  /** An optional neck between backbone and head. */
  neck?: ModuleCfg | null;
  /** The head's config (`CenterHead`); `in_channels` defaults to the backbone's `outChannels`. */
  head: ModuleCfg;
}

function buildModule(cfg: ModuleCfg, what: string, defaults?: ModuleCfg): BaseModule {
  const built = TOYDET_MODELS.build(cfg, defaults);
  if (!(built instanceof BaseModule)) {
    throw new ModelError('BAD_OPTIONS', `TinyDetector: ${what} should build a module, got ${String(built)}`);
  }
  return built;
}

/**
 * A one-stage detector (mmdet's `SingleStageDetector`): backbone → neck → `CenterHead`. The backbone is built from
 * toydet's MODELS, so a config can name a sibling library's module (`toycls.SmallResNet`). `forward` returns the
 * head's outputs (`'tensor'`), its losses (`'loss'`) or the data samples with `pred_instances` (`'predict'`).
 *
 * @example
 * model: {
 *   type: 'TinyDetector',
 *   backbone: { type: 'toycls.SmallResNet', depth: 3, width: 8 },
 *   head: { type: 'CenterHead', num_classes: 2 },
 * }
 */
export class TinyDetector extends BaseModel {
  readonly backbone: BaseModule;
  readonly neck: BaseModule | undefined;
  readonly bbox_head: CenterHead;

  constructor(options: TinyDetectorOptions) {
    super(options);
    if (options.backbone === undefined || options.head === undefined) {
      throw new ModelError('BAD_OPTIONS', 'TinyDetector needs a backbone and a head config');
    }
    this.backbone = buildModule(options.backbone, 'backbone');
    this.neck = options.neck ? buildModule(options.neck, 'neck') : undefined;
    const last = (this.neck ?? this.backbone) as { outChannels?: unknown };
    const defaults = typeof last.outChannels === 'number' ? { in_channels: last.outChannels } : undefined;
    const head = buildModule(options.head, 'head', defaults);
    if (!(head instanceof CenterHead)) {
      throw new ModelError(
        'BAD_OPTIONS',
        `TinyDetector: the head should be a CenterHead, got ${head.constructor.name}`,
      );
    }
    this.bbox_head = head;
  }

  /** The backbone's (and neck's) feature map. */
  extractFeat(inputs: tf.Tensor): tf.Tensor {
    const feats = this.backbone.forward(inputs) as tf.Tensor;
    return this.neck ? (this.neck.forward(feats) as tf.Tensor) : feats;
  }

  override forward(inputs: unknown, dataSamples?: unknown, mode: ForwardMode = 'tensor'): unknown {
    if (!(inputs instanceof tf.Tensor) || inputs.rank !== 4) {
      throw new ModelError('BAD_INPUT_SHAPE', 'TinyDetector expects an NHWC batch tensor (use ImgDataPreprocessor)');
    }
    const imgShape: [number, number] = [inputs.shape[1] as number, inputs.shape[2] as number];
    const feats = this.extractFeat(inputs);
    if (mode === 'tensor') return this.bbox_head.forward(feats);
    if (mode === 'loss') return this.bbox_head.loss(feats, dataSamples, imgShape);
    if (mode === 'predict') {
      return this.bbox_head.predict(feats, Array.isArray(dataSamples) ? dataSamples : null, imgShape);
    }
    throw new ModelError(
      'BAD_MODE',
      `Invalid mode "${String(mode)}"; only 'loss', 'predict' and 'tensor' are supported`,
    );
  }
}
