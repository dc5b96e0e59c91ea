import { describe, expect, it } from 'vitest';
import { TestModule, toyModel } from '../src/test';

describe('@eng/model/test: TestModule', () => {
  it('names parameters with dotted paths, each variable once', () => {
    const shared = TestModule.linear();
    const model = new TestModule().param('scale', [1]).child('a', shared).child('b', shared);
    expect([...model.namedParameters()].map(([n]) => n)).toEqual(['scale', 'a.weight', 'a.bias']);
    expect([...model.namedParameters('', false)].map(([n]) => n)).toEqual(['scale']);
    expect([...model.namedChildren()].map(([n]) => n)).toEqual(['a', 'b']);
    model.dispose();
  });

  it("toyModel is the optimizer manual's ToyModel", () => {
    const model = toyModel();
    expect([...model.namedParameters()].map(([n]) => n)).toEqual([
      'backbone.layer0.weight',
      'backbone.layer0.bias',
      'backbone.layer1.weight',
      'backbone.layer1.bias',
      'head.linear.weight',
      'head.linear.bias',
      'head.bn.weight',
      'head.bn.bias',
    ]);
    expect(model.children.get('head')?.children.get('bn')?.isNorm).toBe(true);
    model.dispose();
  });
});
