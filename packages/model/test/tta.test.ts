import { tf } from '@eng/tensor-gpu';
import { describe, expect, it } from 'vitest';
import { BaseDataElement } from '@eng/structures';
import { BaseModel, BaseTTAModel, type ForwardMode, Linear } from '../src';

class Scorer extends BaseModel {
  fc = new Linear({ in_features: 1, out_features: 1, bias: false });
  constructor() {
    super();
    this.fc.weight.assign(tf.ones([1, 1]));
  }
  override forward(inputs: tf.Tensor, dataSamples: BaseDataElement[], _mode: ForwardMode = 'predict'): unknown {
    const scores = this.fc.forward(inputs).dataSync();
    return dataSamples.map((s, i) => s.new({ score: scores[i] as number }));
  }
}

class AverageScoreTTA extends BaseTTAModel {
  mergePreds(list: unknown[][]): unknown[] {
    return (list as BaseDataElement[][]).map((views) =>
      (views[0] as BaseDataElement).new({ score: views.reduce((s, v) => s + (v.score as number), 0) / views.length }),
    );
  }
}

describe('BaseTTAModel (manual: Test time augmentation)', () => {
  it('runs each augmentation as a batch and merges predictions per sample', () => {
    const tta = new AverageScoreTTA({ module: new Scorer() });
    const sample = (id: number) => new BaseDataElement({ metainfo: { id } });
    const aug0 = tf.tensor2d([[1], [2], [3]]);
    const aug1 = tf.tensor2d([[3], [4], [5]]);
    const merged = tta.testStep({
      inputs: [aug0, aug1],
      data_samples: [
        [sample(0), sample(1), sample(2)],
        [sample(0), sample(1), sample(2)],
      ],
    }) as BaseDataElement[];
    expect(merged.map((m) => [m.id, m.score])).toEqual([
      [0, 2],
      [1, 3],
      [2, 4],
    ]);
    expect(() => tta.testStep({ inputs: [aug0], data_samples: [] })).toThrow(/one entry per augmentation/);
    tf.dispose([aug0, aug1]);
    tta.dispose();
  });
});
