import { tf } from '@eng/tensor-gpu';
import { describe, expect, it } from 'vitest';
import { BaseDataElement, InstanceData, isImageArray, LabelData, PixelData, StructuresError } from '../src';

describe('BaseDataElement', () => {
  const make = () =>
    new BaseDataElement({
      metainfo: { img_id: 0, img_shape: [800, 1196] },
      bboxes: tf.tensor2d([[0, 0, 1, 1]]),
      scores: [0.9],
    });

  it('keeps metainfo and data fields apart', () => {
    const el = make();
    expect(el.metainfoKeys()).toEqual(['img_id', 'img_shape']);
    expect(el.keys()).toEqual(['bboxes', 'scores']);
    expect(el.allKeys()).toEqual(['img_id', 'img_shape', 'bboxes', 'scores']);
    expect(el.img_shape).toEqual([800, 1196]);
    expect(el.metainfo).toEqual({ img_id: 0, img_shape: [800, 1196] });
    expect(el.has('bboxes') && el.has('img_id') && !el.has('nope')).toBe(true);
  });

  it('attribute assignment adds data fields; a metainfo name cannot become data and vice versa', () => {
    const el = make();
    el.labels = [1];
    expect(el.keys()).toContain('labels');
    expect(() => {
      el.img_id = 3;
    }).toThrow(/Cannot set img_id to be a field of data because img_id is already a metainfo field/);
    expect(() => el.setMetainfo({ bboxes: 1 })).toThrow(/already a data field/);
    expect(() => {
      (el as unknown as Record<string, unknown>).keys = 1;
    }).toThrow();
  });

  it('set/get/pop and delete', () => {
    const el = make();
    el.set('gt', 5);
    expect(el.get('gt')).toBe(5);
    expect(el.get('missing', 'd')).toBe('d');
    expect(el.pop('gt')).toBe(5);
    expect(el.has('gt')).toBe(false);
    expect(el.pop('gt', 'fallback')).toBe('fallback');
    expect(() => el.pop('gt')).toThrow(/not contained/);
    expect(() => el.pop('gt')).toThrow(expect.objectContaining({ name: 'StructuresError', code: 'NO_FIELD' }));
    expect(() => el.pop('gt')).toThrow(StructuresError);
    delete el.scores;
    expect(el.keys()).toEqual(['bboxes']);
  });

  it("the manual's delete-and-change example: metainfo replaced, fields deleted, pop with a default", () => {
    const el = new BaseDataElement({
      metainfo: { img_id: 0, img_shape: [640, 640] },
      bboxes: tf.ones([6, 4]),
      scores: tf.ones([6]),
    });
    el.setMetainfo({ img_shape: [1280, 1280] });
    expect(el.img_shape).toEqual([1280, 1280]);
    expect(el.metainfoKeys()).toEqual(['img_id', 'img_shape']);
    const doubled = tf.mul(el.bboxes, 2);
    el.bboxes.dispose();
    el.bboxes = doubled;
    expect(el.get('img_shape', null)).toEqual([1280, 1280]);
    expect((el.get('bboxes') as tf.Tensor).shape).toEqual([6, 4]);
    delete el.img_shape;
    delete el.bboxes;
    expect(el.has('img_shape')).toBe(false);
    expect(el.has('bboxes')).toBe(false);
    expect(el.pop('img_shape', null)).toBeNull();
    expect(el.pop('bboxes', null)).toBeNull();
    expect(el.allKeys()).toEqual(['img_id', 'scores']);
    // a sample holding another element prints both, nested
    const sample = new BaseDataElement({ metainfo: { img_shape: [800, 1196, 3] }, gt_instances: el });
    expect(String(sample)).toMatch(
      /DATA FIELDS[\s\S]*gt_instances: <BaseDataElement\([\s\S]*META INFORMATION[\s\S]*img_id: 0/,
    );
    tf.dispose([doubled, el.scores]);
  });

  it('new() keeps the metainfo and replaces data when given; clone() is independent', () => {
    const el = make();
    const n = el.new({ scores: [0.1] });
    expect(n.metainfo).toEqual(el.metainfo);
    expect(n.keys()).toEqual(['scores']);
    const n2 = el.new({ metainfo: { img_id: 9 } });
    expect(n2.metainfo).toEqual({ img_id: 9 });
    expect(n2.keys()).toEqual(['bboxes', 'scores']);
    const c = el.clone();
    c.extra = 1;
    expect(el.has('extra')).toBe(false);
    expect(c.bboxes).toBe(el.bboxes);
  });

  it('metainfo is deep-copied on set', () => {
    const meta = { shape: [1, 2] };
    const el = new BaseDataElement({ metainfo: meta });
    meta.shape.push(3);
    expect(el.shape).toEqual([1, 2]);
    const scale = tf.tensor1d([2, 3]);
    const withTensor = new BaseDataElement({ metainfo: { scale } });
    expect(withTensor.scale).not.toBe(scale);
    expect(withTensor.scale.arraySync()).toEqual([2, 3]);
    withTensor.dispose();
    scale.dispose();
  });

  it('toArray / toTensor / toDict convert fields', () => {
    const el = make();
    const arr = el.toArray();
    expect(arr.bboxes).toEqual([[0, 0, 1, 1]]);
    const t = arr.toTensor();
    expect(t.bboxes).toBeInstanceOf(tf.Tensor);
    expect(t.scores).toBeInstanceOf(tf.Tensor);
    expect(el.toDict()).toEqual({ img_id: 0, img_shape: [800, 1196], bboxes: el.bboxes, scores: [0.9] });
    const nested = new BaseDataElement({ inner: new BaseDataElement({ a: 1 }) });
    expect(nested.toDict()).toEqual({ inner: { a: 1 } });
    expect(String(el)).toMatch(
      /META INFORMATION[\s\S]*img_id: 0[\s\S]*DATA FIELDS[\s\S]*bboxes: Tensor\(shape=\[1, 4\]/,
    );
    t.dispose();
  });

  it('update copies fields from another element', () => {
    const a = new BaseDataElement({ metainfo: { m: 1 }, x: 1 });
    a.update(new BaseDataElement({ metainfo: { n: 2 }, y: 2 }));
    expect(a.allKeys()).toEqual(['m', 'n', 'x', 'y']);
  });
});

describe('InstanceData', () => {
  const make = () => {
    const inst = new InstanceData({ metainfo: { img_shape: [4, 4] } });
    inst.det_labels = tf.tensor1d([0, 1, 2, 3], 'int32');
    inst.det_scores = tf.tensor1d([0.1, 0.2, 0.3, 0.4]);
    inst.names = ['a', 'b', 'c', 'd'];
    inst.chars = 'wxyz';
    return inst;
  };

  it('all data fields share one length', () => {
    const inst = make();
    expect(inst.length).toBe(4);
    expect(() => {
      inst.bad = tf.tensor1d([1, 2]);
    }).toThrow(/length of values 2 is not consistent with the length of this InstanceData 4/);
    expect(() => {
      inst.bad = 5;
    }).toThrow(/must have a length/);
    inst.det_scores = tf.tensor1d([1, 1, 1, 1]);
    expect(inst.length).toBe(4);
  });

  it('indexes by number, index list, boolean mask, and tensors', () => {
    const inst = make();
    const one = inst.index(1);
    expect(one.length).toBe(1);
    expect(Array.from(one.det_labels.dataSync())).toEqual([1]);
    expect(one.names).toEqual(['b']);
    expect(one.chars).toBe('x');
    expect(one.metainfo).toEqual({ img_shape: [4, 4] });
    expect(inst.index(-1).names).toEqual(['d']);
    expect(() => inst.index(4)).toThrow(/out of range/);
    expect(inst.index([3, 0]).names).toEqual(['d', 'a']);
    expect(inst.index([true, false, true, false]).names).toEqual(['a', 'c']);
    const byBool = inst.index(tf.tensor1d([false, true, true, false], 'bool'));
    expect(Array.from(byBool.det_scores.dataSync())).toEqual([expect.closeTo(0.2), expect.closeTo(0.3)]);
    expect(inst.index(tf.tensor1d([2], 'int32')).chars).toBe('y');
    expect(() => inst.index([true, false])).toThrow(/does not match/);
    // as MMEngine, which takes only LongTensor and BoolTensor indices
    expect(() => inst.index(tf.tensor1d([1, 2]))).toThrow(/int32 or bool tensor, not a float32 one/);
    expect(() => new InstanceData().index(0)).toThrow(/out of range/);
    expect(() => InstanceData.cat([])).toThrow(/at least one/);
    expect(inst.slice(1, 3).names).toEqual(['b', 'c']);
    expect(inst.index([]).length).toBe(0);
  });

  it('cat concatenates every field', () => {
    const a = make();
    const b = make().index([0, 1]);
    const c = InstanceData.cat([a, b]);
    expect(c.length).toBe(6);
    expect(c.names).toEqual(['a', 'b', 'c', 'd', 'a', 'b']);
    expect(c.chars).toBe('wxyzwx');
    expect(Array.from(c.det_labels.dataSync())).toEqual([0, 1, 2, 3, 0, 1]);
    const other = new InstanceData({ x: [1] });
    expect(() => InstanceData.cat([a, other])).toThrow(/different keys/);
    expect(InstanceData.cat([a])).toBe(a);
  });
});

describe('LabelData', () => {
  it('converts between labels and one-hot', () => {
    const onehot = LabelData.labelToOnehot(tf.tensor1d([1, 3], 'int32'), 5);
    expect(Array.from(onehot.dataSync())).toEqual([0, 1, 0, 1, 0]);
    const labels = LabelData.onehotToLabel(onehot);
    expect(Array.from(labels.dataSync())).toEqual([1, 3]);
    expect(() => LabelData.onehotToLabel(tf.tensor1d([0, 2]))).toThrow(/not a one-hot/);
    expect(() => LabelData.labelToOnehot([5], 5)).toThrow(/outside \[0, 5\)/);
    const ld = new LabelData({ metainfo: { num_classes: 5 }, label: tf.tensor1d([1], 'int32') });
    expect(ld.keys()).toEqual(['label']);
  });
});

describe('PixelData', () => {
  it('stores [C, H, W] fields of one size and slices height and width', () => {
    const px = new PixelData({ metainfo: { img_id: 1 } });
    px.gt_seg = tf.zeros([4, 6]);
    expect(px.gt_seg.shape).toEqual([1, 4, 6]);
    expect(px.shape).toEqual([4, 6]);
    px.heat = tf.ones([2, 4, 6]);
    expect(() => {
      px.bad = tf.ones([3, 3]);
    }).toThrow(/not consistent with the shape of this PixelData \[4, 6\]/);
    expect(() => {
      px.bad = tf.ones([3]);
    }).toThrow(/must be 2 or 3/);
    expect(() => {
      px.bad = [1];
    }).toThrow(/must be a tf.Tensor/);
    const part = px.slice([1, 3], 2);
    expect(part.shape).toEqual([2, 1]);
    expect(part.heat.shape).toEqual([2, 2, 1]);
    expect(part.metainfo).toEqual({ img_id: 1 });
  });
});

describe('a data sample with typed properties (MMEngine DetDataSample pattern)', () => {
  class DetDataSample extends BaseDataElement {
    get gt_instances(): InstanceData {
      return this._gt_instances;
    }
    set gt_instances(value: InstanceData) {
      this.setField(value, '_gt_instances', 'data', InstanceData);
    }
  }

  it('stores the value through the setter, checks its type, and lists the public name', () => {
    const sample = new DetDataSample({ metainfo: { img_id: 3 } });
    const inst = new InstanceData({ labels: [1, 2] });
    sample.gt_instances = inst;
    expect(sample.gt_instances).toBe(inst);
    expect(sample.keys()).toEqual(['gt_instances']);
    expect(sample.toDict()).toEqual({ img_id: 3, gt_instances: { labels: [1, 2] } });
    expect(() => {
      sample.gt_instances = 5 as unknown as InstanceData;
    }).toThrow(/should be a InstanceData/);
    const copy = sample.clone();
    expect(copy).toBeInstanceOf(DetDataSample);
    expect(copy.gt_instances).toBe(inst);
    const built = new DetDataSample({ gt_instances: inst });
    expect(built.keys()).toEqual(['gt_instances']);
  });
});

describe('isImageArray', () => {
  it('accepts a channels-last image whose data length matches its shape, and nothing else', () => {
    expect(isImageArray({ data: new Uint8Array(12), height: 2, width: 2, channels: 3 })).toBe(true);
    expect(isImageArray({ data: new Float32Array(4), height: 2, width: 2, channels: 1 })).toBe(true);
    expect(isImageArray({ data: new Uint8Array(11), height: 2, width: 2, channels: 3 })).toBe(false);
    expect(isImageArray({ data: new Int32Array(4), height: 2, width: 2, channels: 1 })).toBe(false);
    expect(isImageArray({ data: [1, 2], height: 1, width: 2, channels: 1 })).toBe(false);
    expect(isImageArray(null)).toBe(false);
  });
});
