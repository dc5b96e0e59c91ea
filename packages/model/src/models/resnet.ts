import { tf } from '@eng/tensor-gpu';
import { ModelError } from '../errors';
import { ReLU } from '../layers/activation';
import { Conv2d } from '../layers/conv';
import { Linear } from '../layers/linear';
import { BatchNorm2d } from '../layers/norm';
import { BaseModule } from '../module/base-module';
import { Sequential } from '../module/containers';
import { Classifier, type ClassifierOptions } from './classifier';
import { type ModelOptionsSchema, modelSchema } from '../options/option-shapes';

function conv3x3(inC: number, outC: number, stride = 1): Conv2d {
  return new Conv2d({ in_channels: inC, out_channels: outC, kernel_size: 3, stride, padding: 1, bias: false });
}

function conv1x1(inC: number, outC: number, stride = 1): Conv2d {
  return new Conv2d({ in_channels: inC, out_channels: outC, kernel_size: 1, stride, bias: false });
}

/** Two 3×3 convolutions with a shortcut (expansion 1). Children named as torchvision's. */
export class BasicBlock extends BaseModule {
  static readonly expansion = 1;
  readonly conv1: Conv2d;
  readonly bn1: BatchNorm2d;
  readonly conv2: Conv2d;
  readonly bn2: BatchNorm2d;
  readonly relu = new ReLU();
  readonly downsample: Sequential | undefined;

  constructor(options: { inplanes: number; planes: number; stride?: number; downsample?: Sequential }) {
    super();
    this.conv1 = conv3x3(options.inplanes, options.planes, options.stride ?? 1);
    this.bn1 = new BatchNorm2d({ num_features: options.planes });
    this.conv2 = conv3x3(options.planes, options.planes);
    this.bn2 = new BatchNorm2d({ num_features: options.planes });
    this.downsample = options.downsample;
  }

  override forward(x: tf.Tensor): tf.Tensor {
    let out = this.relu.forward(this.bn1.forward(this.conv1.forward(x)));
    out = this.bn2.forward(this.conv2.forward(out));
    const identity = this.downsample ? (this.downsample.forward(x) as tf.Tensor) : x;
    return tf.relu(tf.add(out, identity));
  }
}

/** 1×1 → 3×3 (stride here, as torchvision's v1.5) → 1×1 with a shortcut (expansion 4). */
export class Bottleneck extends BaseModule {
  static readonly expansion = 4;
  readonly conv1: Conv2d;
  readonly bn1: BatchNorm2d;
  readonly conv2: Conv2d;
  readonly bn2: BatchNorm2d;
  readonly conv3: Conv2d;
  readonly bn3: BatchNorm2d;
  readonly relu = new ReLU();
  readonly downsample: Sequential | undefined;

  constructor(options: { inplanes: number; planes: number; stride?: number; downsample?: Sequential }) {
    super();
    const { inplanes, planes } = options;
    this.conv1 = conv1x1(inplanes, planes);
    this.bn1 = new BatchNorm2d({ num_features: planes });
    this.conv2 = conv3x3(planes, planes, options.stride ?? 1);
    this.bn2 = new BatchNorm2d({ num_features: planes });
    this.conv3 = conv1x1(planes, planes * Bottleneck.expansion);
    this.bn3 = new BatchNorm2d({ num_features: planes * Bottleneck.expansion });
    this.downsample = options.downsample;
  }

  override forward(x: tf.Tensor): tf.Tensor {
    let out = this.relu.forward(this.bn1.forward(this.conv1.forward(x)));
    out = this.relu.forward(this.bn2.forward(this.conv2.forward(out)));
    out = this.bn3.forward(this.conv3.forward(out));
    const identity = this.downsample ? (this.downsample.forward(x) as tf.Tensor) : x;
    return tf.relu(tf.add(out, identity));
  }
}

const ARCH: Record<number, [typeof BasicBlock | typeof Bottleneck, number[]]> = {
  18: [BasicBlock, [2, 2, 2, 2]],
  34: [BasicBlock, [3, 4, 6, 3]],
  50: [Bottleneck, [3, 4, 6, 3]],
};

export interface ResNetOptions extends ClassifierOptions {
  /** 18, 34 (BasicBlock) or 50 (Bottleneck). */
  depth?: 18 | 34 | 50;
  in_channels?: number;
  /** Width of the first stage (64 in torchvision; smaller values make quick demos). */
  base_channels?: number;
}

/**
 * ResNet for 32×32 images (CIFAR stem: one 3×3 conv, no max-pool), NHWC inputs. Parameter names follow
 * torchvision (`conv1`, `bn1`, `layer1.0.conv1.weight`, `layer2.0.downsample.0.weight`, `fc`). Without an
 * `init_cfg` it uses MMEngine's usual one: Kaiming for Conv2d, constant 1/0 for batch norm.
 *
 * @example
 * const model = MODELS.build({ type: 'ResNet', depth: 18, num_classes: 10 });
 */
export class ResNet extends Classifier {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: ModelOptionsSchema = modelSchema('ResNet');

  readonly depth: number;
  readonly conv1: Conv2d;
  readonly bn1: BatchNorm2d;
  readonly relu = new ReLU();
  readonly layer1: Sequential;
  readonly layer2: Sequential;
  readonly layer3: Sequential;
  readonly layer4: Sequential;
  readonly fc: Linear;

  constructor(options: ResNetOptions = {}) {
    super({
      ...options,
      init_cfg: options.init_cfg ??
        options.initCfg ?? [
          { type: 'Kaiming', layer: ['Conv2d'] },
          { type: 'Constant', val: 1, layer: ['_BatchNorm', 'GroupNorm'] },
        ],
    });
    const depth = options.depth ?? 18;
    const arch = ARCH[depth];
    if (!arch) throw new ModelError('BAD_DEPTH', `invalid depth ${depth} for ResNet; choose one of 18, 34, 50`);
    this.depth = depth;
    const [Block, counts] = arch;
    const base = options.base_channels ?? 64;
    this.conv1 = conv3x3(options.in_channels ?? 3, base);
    this.bn1 = new BatchNorm2d({ num_features: base });
    let inplanes = base;
    const makeLayer = (planes: number, blocks: number, stride: number): Sequential => {
      const layer = new Sequential();
      let downsample: Sequential | undefined;
      if (stride !== 1 || inplanes !== planes * Block.expansion) {
        downsample = new Sequential(
          conv1x1(inplanes, planes * Block.expansion, stride),
          new BatchNorm2d({ num_features: planes * Block.expansion }),
        );
      }
      layer.append(new Block({ inplanes, planes, stride, ...(downsample ? { downsample } : {}) }));
      inplanes = planes * Block.expansion;
      for (let i = 1; i < blocks; i++) layer.append(new Block({ inplanes, planes }));
      return layer;
    };
    this.layer1 = makeLayer(base, counts[0] as number, 1);
    this.layer2 = makeLayer(base * 2, counts[1] as number, 2);
    this.layer3 = makeLayer(base * 4, counts[2] as number, 2);
    this.layer4 = makeLayer(base * 8, counts[3] as number, 2);
    this.fc = new Linear({ in_features: base * 8 * Block.expansion, out_features: this.numClasses });
  }

  /** Feature map after the last stage, `[N, H/8, W/8, C]`. */
  extractFeat(inputs: tf.Tensor): tf.Tensor {
    let x = this.relu.forward(this.bn1.forward(this.conv1.forward(inputs)));
    for (const layer of [this.layer1, this.layer2, this.layer3, this.layer4]) x = layer.forward(x) as tf.Tensor;
    return x;
  }

  logits(inputs: tf.Tensor): tf.Tensor {
    return this.fc.forward(tf.mean(this.extractFeat(inputs), [1, 2]));
  }
}
