import { describe } from '@eng/internal';
import { tf } from '@eng/tensor-gpu';
import { ModelError } from '../errors';
import { BaseModule, type BaseModuleOptions } from './base-module';

/** One TensorFlow.js layer inside a `LayersModelModule`: its weights appear as this module's parameters/buffers. */
export class TfLayerModule extends BaseModule {
  readonly layer: tf.layers.Layer;

  constructor(layer: tf.layers.Layer) {
    super();
    this.layer = layer;
    const seen = new Set<string>();
    for (const w of layer.weights) {
      const full = w.originalName ?? w.name;
      const short = full.split('/').pop() ?? full;
      // Names inside one layer are unique in practice; fall back to the full name with "_" if not.
      const name = seen.has(short) ? full.replace(/[/.]/g, '_') : short;
      seen.add(name);
      const variable = w.read() as tf.Variable;
      if (w.trainable) this.registerParameter(name, variable);
      else this.registerBuffer(name, variable);
    }
  }

  /** The TensorFlow.js class name ('Dense', 'Conv2D', …) is what an init_cfg `layer` matches. */
  override layerNames(): string[] {
    return [this.layer.getClassName(), ...super.layerNames()];
  }

  override get isNorm(): boolean {
    const cls = this.layer.getClassName();
    return cls === 'BatchNormalization' || cls === 'LayerNormalization';
  }

  override get isDepthwiseConv(): boolean {
    return this.layer.getClassName() === 'DepthwiseConv2D';
  }

  /** Keras calls the weight `kernel` (Dense, Conv), `embeddings` or `gamma` (normalization). */
  override weightParam(): tf.Variable | undefined {
    for (const n of ['kernel', 'depthwise_kernel', 'embeddings', 'gamma']) {
      const p = this.getParameter(n);
      if (p) return p;
    }
    return super.weightParam();
  }

  /** Keras calls the bias `bias` (or `beta` in normalization layers). */
  override biasParam(): tf.Variable | undefined {
    return this.getParameter('bias') ?? this.getParameter('beta');
  }

  /** Keras kernels are `[...kernel, in, out]`: fans follow that layout. */
  override paramFans(name: string): [number, number] {
    const p = name === 'weight' ? this.weightParam() : this.getParameter(name);
    if (!p || p.rank < 2) return super.paramFans(name);
    const shape = p.shape;
    const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
    return [(shape[shape.length - 2] as number) * receptive, (shape[shape.length - 1] as number) * receptive];
  }

  override forward(x: tf.Tensor | tf.Tensor[]): tf.Tensor | tf.Tensor[] {
    return this.layer.apply(x, { training: this.training }) as tf.Tensor | tf.Tensor[];
  }
}

/**
 * Wraps an existing `tf.LayersModel` as a module: every layer becomes a child named after the layer, so its weights
 * are named parameters (`dense_Dense1.kernel`) that optimizers, state dicts and init_cfg address like any other.
 * `forward` calls the model with `training` following `train()` / `eval()`.
 *
 * @example
 * const net = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [4] })] });
 * const m = new LayersModelModule(net);
 * [...m.namedParameters()].map(([n]) => n); // ['dense_Dense1.kernel', 'dense_Dense1.bias']
 */
export class LayersModelModule extends BaseModule {
  readonly model: tf.LayersModel;

  constructor(
    model: tf.LayersModel | (BaseModuleOptions & { model: tf.LayersModel }),
    options: BaseModuleOptions = {},
  ) {
    const isOpts = !(model instanceof tf.LayersModel);
    super(isOpts ? (model as BaseModuleOptions) : options);
    const m = isOpts ? (model as { model: tf.LayersModel }).model : (model as tf.LayersModel);
    if (!(m instanceof tf.LayersModel)) {
      throw new TypeError(`LayersModelModule needs a tf.LayersModel, got ${describe(m)}`);
    }
    this.model = m;
    for (const layer of m.layers) {
      if (layer.weights.length === 0) continue;
      if (layer.name.includes('.')) {
        throw new ModelError('INVALID_NAME', `layer name "${layer.name}" contains "."; rename the layer to wrap it`);
      }
      this.addModule(layer.name, new TfLayerModule(layer));
    }
  }

  override forward(x: tf.Tensor | tf.Tensor[]): tf.Tensor | tf.Tensor[] {
    return this.model.apply(x, { training: this.training }) as tf.Tensor | tf.Tensor[];
  }

  /** Rebuilds the model from its config and copies the weights (a tf.LayersModel cannot be copied field by field). */
  override deepCopy(memo: Map<object, unknown> = new Map()): this {
    const hit = memo.get(this);
    if (hit) return hit as this;
    const cls = this.model.constructor as unknown as {
      fromConfig(c: unknown, config: unknown): tf.LayersModel;
    };
    const cloned = cls.fromConfig(cls, this.model.getConfig());
    cloned.setWeights(this.model.getWeights());
    const copy = new (this.constructor as new (m: tf.LayersModel, o: BaseModuleOptions) => this)(cloned, {
      init_cfg: this.initCfg ?? null,
    });
    copy.training = this.training;
    copy.isInit = this.isInit;
    const src = [...this.namedParameters()];
    const dst = [...copy.namedParameters()];
    src.forEach(([, p], i) => {
      const target = dst[i];
      if (target) target[1].trainable = p.trainable;
    });
    memo.set(this, copy);
    return copy;
  }

  protected override disposeOwned(): void {
    this.model.dispose();
  }
}
