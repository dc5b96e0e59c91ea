import { tf } from '@eng/tensor-gpu';
import { describe, expect, it } from 'vitest';
import { BaseModel, type DataBatch, Linear, type OptimWrapperLike } from '../src';
import { inlineSgd } from '../src/test';

/** The manual's GAN pattern: two optimizer wrappers, each stepped with its own loss closure. */
class ToyGAN extends BaseModel {
  generator = new Linear({ in_features: 2, out_features: 2 });
  discriminator = new Linear({ in_features: 2, out_features: 1 });

  override trainStep(data: DataBatch, wrappers: OptimWrapperLike): Record<string, number> {
    const { gen, disc } = wrappers as unknown as { gen: OptimWrapperLike; disc: OptimWrapperLike };
    const real = (data as { inputs: tf.Tensor }).inputs;
    return tf.tidy(() => {
      const noise = tf.randomNormal([real.shape[0] as number, 2], 0, 1, 'float32', 3);
      const dLoss = disc.optimContext(this.discriminator, () =>
        disc.updateParams(() => {
          const fake = this.generator.forward(noise); // generator is not in disc's variables: no update there
          const logitsReal = this.discriminator.forward(real);
          const logitsFake = this.discriminator.forward(fake);
          return tf.add(
            tf.losses.sigmoidCrossEntropy(tf.onesLike(logitsReal), logitsReal),
            tf.losses.sigmoidCrossEntropy(tf.zerosLike(logitsFake), logitsFake),
          ) as tf.Scalar;
        }),
      );
      const gLoss = gen.optimContext(this.generator, () =>
        gen.updateParams(() => {
          const logitsFake = this.discriminator.forward(this.generator.forward(noise));
          return tf.losses.sigmoidCrossEntropy(tf.onesLike(logitsFake), logitsFake) as tf.Scalar;
        }),
      );
      return { loss_disc: dLoss.dataSync()[0] as number, loss_gen: gLoss.dataSync()[0] as number };
    });
  }
}

describe('a custom trainStep with two optimizer wrappers (manual: GAN)', () => {
  it('updates each sub-network only through its own wrapper', () => {
    const gan = new ToyGAN();
    const gen = inlineSgd(gan.generator, 0.1);
    const disc = inlineSgd(gan.discriminator, 0.1);
    const g0 = Array.from(gan.generator.weight.dataSync());
    const d0 = Array.from(gan.discriminator.weight.dataSync());
    const real = tf.tensor2d([
      [1, 1],
      [1.2, 0.8],
    ]);
    const before = tf.memory().numTensors;
    const logs = gan.trainStep({ inputs: real }, { gen, disc } as unknown as OptimWrapperLike);
    expect(Object.keys(logs)).toEqual(['loss_disc', 'loss_gen']);
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(gan.generator.weight.dataSync())).not.toEqual(g0);
    expect(Array.from(gan.discriminator.weight.dataSync())).not.toEqual(d0);
    expect(gen.steps).toBe(1);
    expect(disc.steps).toBe(1);
    real.dispose();
    gan.dispose();
  });
});
