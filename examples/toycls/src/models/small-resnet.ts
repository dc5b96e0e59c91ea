import {
  BaseModule,
  type BaseModuleOptions,
  BasicBlock,
  BatchNorm2d,
  Conv2d,
  ModelError,
  ReLU,
  Sequential,
} from '@eng/model';
import type { tf } from '@eng/tensor-gpu';

export interface SmallResNetOptions extends BaseModuleOptions {
  /** Residual blocks (one per stage); every stage after the first halves the resolution and doubles the width. Default 3. */
  depth?: number;
  /** Channels of the stem and the first stage. Default 16. */
  width?: number;
  /** Channels of the input images. Default 3. */
  in_channels?: number;
  /** Stride of the stem convolution (2 halves the resolution once more, for bigger images). Default 1. */
  stem_stride?: 1 | 2;
}

function positiveInt(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new ModelError('BAD_OPTIONS', `SmallResNet: ${name} should be a positive integer, got ${String(value)}`);
  }
  return value;
}

/**
 * A small ResNet backbone for tiny images: a 3×3 conv–BN–ReLU stem, then `depth` residual `BasicBlock`s (from
 * `@eng/model`), the first at the stem's resolution and each later one at half the resolution and twice the width.
 * Its output is the last feature map, `[N, H / stride, W / stride, outChannels]`. Parameter names follow
 * torchvision's (`stem.0.weight`, `layers.1.conv1.weight`, `layers.1.downsample.0.weight`).
 *
 * @example
 * const backbone = TOYCLS_MODELS.build({ type: 'SmallResNet', depth: 3, width: 8 }) as SmallResNet;
 * backbone.forward(tf.zeros([2, 32, 32, 3])).shape; // [2, 8, 8, 32]
 */
export class SmallResNet extends BaseModule {
  readonly stem: Sequential;
  readonly layers: Sequential;
  /** Channels of the output feature map. */
  readonly outChannels: number;
  /** How many input pixels one output cell spans. */
  readonly stride: number;

  constructor(options: SmallResNetOptions = {}) {
    super({
      init_cfg: options.init_cfg ??
        options.initCfg ?? [
          { type: 'Kaiming', layer: ['Conv2d'] },
          { type: 'Constant', val: 1, layer: ['_BatchNorm'] },
        ],
    });
    const depth = positiveInt('depth', options.depth ?? 3);
    const width = positiveInt('width', options.width ?? 16);
    const inChannels = positiveInt('in_channels', options.in_channels ?? 3);
    const stemStride = options.stem_stride ?? 1;
    if (stemStride !== 1 && stemStride !== 2) {
      throw new ModelError('BAD_OPTIONS', `SmallResNet: stem_stride should be 1 or 2, got ${String(stemStride)}`);
    }
    this.stem = new Sequential(
      new Conv2d({
        in_channels: inChannels,
        out_channels: width,
        kernel_size: 3,
        stride: stemStride,
        padding: 1,
        bias: false,
      }),
      new BatchNorm2d({ num_features: width }),
      new ReLU(),
    );
    this.layers = new Sequential();
    let inplanes = width;
    let stride = stemStride;
    for (let i = 0; i < depth; i++) {
      const planes = width * 2 ** i;
      const blockStride = i === 0 ? 1 : 2;
      stride *= blockStride;
      const downsample =
        blockStride !== 1 || inplanes !== planes
          ? new Sequential(
              new Conv2d({
                in_channels: inplanes,
                out_channels: planes,
                kernel_size: 1,
                stride: blockStride,
                bias: false,
              }),
              new BatchNorm2d({ num_features: planes }),
            )
          : undefined;
      this.layers.append(
        new BasicBlock({ inplanes, planes, stride: blockStride, ...(downsample ? { downsample } : {}) }),
      );
      inplanes = planes;
    }
    this.outChannels = inplanes;
    this.stride = stride;
  }

  override forward(x: tf.Tensor): tf.Tensor {
    return this.layers.forward(this.stem.forward(x)) as tf.Tensor;
  }
}
