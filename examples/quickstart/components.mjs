// @ts-check
// A downstream "library" with its own scope: child registries of eng's root MODELS, as mmdet makes.
import { MODELS, Registry } from '@eng/registry';

export const DEMO_MODELS = new Registry('model', { parent: MODELS, scope: 'demo' });

/** @typedef {{ describe(): string }} Describable */

export class MLPBackbone {
  /** @param {{ in_features: number, hidden: number[], act?: string }} options */
  constructor({ in_features, hidden, act = 'relu' }) {
    this.layers = [in_features, ...hidden];
    this.act = act;
  }
  describe() {
    return `MLPBackbone(${this.layers.join(' -> ')}, ${this.act})`;
  }
}

export class LinearHead {
  /** @param {{ in_features: number, num_classes: number }} options */
  constructor({ in_features, num_classes }) {
    this.in_features = in_features;
    this.num_classes = num_classes;
  }
  describe() {
    return `LinearHead(${this.in_features} -> ${this.num_classes})`;
  }
}

export class Classifier {
  // nested configs are built through the same registry tree, inside the current scope
  /** @param {{ backbone: object, head: object }} options */
  constructor({ backbone, head }) {
    this.backbone = /** @type {Describable} */ (MODELS.build(backbone));
    this.head = /** @type {Describable} */ (MODELS.build(head));
  }
  describe() {
    return `Classifier(\n  ${this.backbone.describe()},\n  ${this.head.describe()}\n)`;
  }
}

DEMO_MODELS.registerModule({ module: MLPBackbone });
DEMO_MODELS.registerModule({ module: LinearHead });
DEMO_MODELS.registerModule({ module: Classifier });
