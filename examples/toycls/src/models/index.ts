// Registers toycls's models in its MODELS registry (one of its `locations`; index.ts imports it too).
import { registerOnce } from '../register-once';
import { TOYCLS_MODELS } from '../registry';
import { ImageClassifier } from './image-classifier';
import { LinearClsHead } from './linear-cls-head';
import { SmallResNet } from './small-resnet';

registerOnce(TOYCLS_MODELS, 'toycls', { SmallResNet, LinearClsHead, ImageClassifier });

export { type ClsHead, ImageClassifier, type ImageClassifierOptions } from './image-classifier';
export { LinearClsHead, type LinearClsHeadOptions } from './linear-cls-head';
export { SmallResNet, type SmallResNetOptions } from './small-resnet';
