import { RandomStream } from '@eng/internal';
import { Registry, TRANSFORMS } from '@eng/registry';
import { describe, expect, it } from 'vitest';
import { BaseTransform, Compose, KeyMapper, RandomApply, RandomChoice, type Results, TestTimeAug } from '../src';

class AddToValue extends BaseTransform {
  constructor(private readonly _addend: number) {
    super();
  }
  transform(results: Results): Results {
    return { ...results, value: (results.value as number) + this._addend };
  }
}
const plus = (n: number) => new AddToValue(n);
const ctx = (seed: number) => ({ random: new RandomStream(seed) });

describe('Compose', () => {
  it('runs the steps in order and stops at null', () => {
    const c = new Compose({ transforms: [plus(1), (r: Results) => ({ ...r, value: (r.value as number) * 10 })] });
    expect(c.transform({ value: 1 })).toEqual({ value: 20 });
    expect(new Compose([() => null, plus(1)]).transform({ value: 1 })).toBeNull();
  });

  it('stays synchronous until a step returns a promise', async () => {
    const c = new Compose([plus(1), async (r: Results) => ({ ...r, async: true }), plus(1)]);
    const out = c.transform({ value: 0 });
    expect(out).toBeInstanceOf(Promise);
    await expect(out).resolves.toEqual({ value: 2, async: true });
  });

  it('builds configs from TRANSFORMS, including a child registry, and refuses what is not a transform', () => {
    const local = new Registry('transform', { parent: TRANSFORMS, scope: 'wrappers_test' });
    local.registerModule({
      name: 'Twice',
      module: class Twice extends BaseTransform {
        transform(r: Results) {
          return { ...r, value: (r.value as number) * 2 };
        }
      },
    });
    local.registerModule({ name: 'NotATransform', module: class NotATransform {} });
    expect(
      TRANSFORMS.build<Compose>({ type: 'Compose', transforms: [{ type: 'wrappers_test.Twice' }] }).transform({
        value: 3,
      }),
    ).toEqual({ value: 6 });
    expect(() => TRANSFORMS.build({ type: 'Compose', transforms: [{ type: 'wrappers_test.NotATransform' }] })).toThrow(
      /has no transform\(results\) method/,
    );
    expect(() => new Compose([42 as never])).toThrow(/transforms\[0\] must be a transform config/);
  });
});

describe('RandomChoice', () => {
  it('runs one pipeline per sample with the given probabilities', () => {
    const choice = new RandomChoice({ transforms: [[plus(1)], [plus(2), plus(3)]], prob: [0.7, 0.3] });
    const counts = [0, 0, 0, 0, 0, 0];
    for (let seed = 0; seed < 2000; seed++) {
      const v = (choice.transform({ value: 0 }, ctx(seed)) as Results).value as number;
      counts[v] = (counts[v] ?? 0) + 1;
    }
    expect(counts[1]! + counts[5]!).toBe(2000);
    expect(counts[1]! / 2000).toBeGreaterThan(0.65);
    expect(counts[1]! / 2000).toBeLessThan(0.75);
  });

  it('draws from the sample stream: the same seed, the same choice', () => {
    const choice = new RandomChoice({ transforms: [[plus(1)], [plus(2)], [plus(3)]] });
    for (let seed = 0; seed < 20; seed++)
      expect(choice.transform({ value: 0 }, ctx(seed))).toEqual(choice.transform({ value: 0 }, ctx(seed)));
  });

  it('checks prob', () => {
    expect(() => new RandomChoice({ transforms: [[plus(1)]], prob: [0.5, 0.5] })).toThrow(/same length, got 1 vs 2/);
    expect(() => new RandomChoice({ transforms: [[plus(1)], [plus(1)]], prob: [0.5, 0.6] })).toThrow(/sum to 1/);
  });
});

describe('RandomApply', () => {
  it('applies with probability prob', () => {
    const maybe = new RandomApply({ transforms: [plus(1)], prob: 0.25 });
    let applied = 0;
    for (let seed = 0; seed < 2000; seed++)
      applied += (maybe.transform({ value: 0 }, ctx(seed)) as Results).value as number;
    expect(applied / 2000).toBeGreaterThan(0.2);
    expect(applied / 2000).toBeLessThan(0.3);
    expect(new RandomApply({ transforms: plus(1), prob: 1 }).transform({ value: 0 })).toEqual({ value: 1 });
    expect(new RandomApply({ transforms: plus(1), prob: 0 }).transform({ value: 0 })).toEqual({ value: 0 });
  });
});

describe('KeyMapper', () => {
  it('maps an outer key in and back out (auto_remap)', () => {
    const m = new KeyMapper({ mapping: { value: 'v_outer' }, transforms: [plus(1)] });
    expect(m.autoRemap).toBe(true);
    expect(m.transform({ v_outer: 1, value: 100 })).toEqual({ v_outer: 2, value: 100 });
  });

  it('remaps to other keys when remapping is given', () => {
    const m = new KeyMapper({ mapping: { value: 'a' }, remapping: { value: 'b' }, transforms: [plus(1)] });
    expect(m.autoRemap).toBe(false);
    expect(m.transform({ a: 1 })).toEqual({ a: 1, b: 2 });
  });

  it('collects outer keys into a list or an object for the inner steps, and scatters them back', () => {
    const swap = (r: Results) => {
      const [x, y] = r.pair as number[];
      return {
        ...r,
        pair: [y, x],
        group: { first: (r.group as Record<string, number>).second, second: (r.group as Record<string, number>).first },
      };
    };
    const m = new KeyMapper({ mapping: { pair: ['a', 'b'], group: { first: 'c', second: 'd' } }, transforms: [swap] });
    expect(m.transform({ a: 1, b: 2, c: 3, d: 4 })).toEqual({ a: 2, b: 1, c: 4, d: 3 });
  });

  it("hides a key marked '...' from the inner steps and keeps the outer value", () => {
    const seen: string[][] = [];
    const spy = (r: Results) => {
      seen.push(Object.keys(r).sort());
      return { ...r, mask: 'inner' };
    };
    const m = new KeyMapper({ mapping: { img: 'gt_img', mask: '...' }, transforms: [spy] });
    expect(m.transform({ gt_img: 1, mask: 'outer' })).toEqual({ gt_img: 1, mask: 'outer' });
    expect(seen[0]).toEqual(['gt_img', 'img']);
  });

  it('a missing outer key is undefined, or hidden with allow_nonexist_keys', () => {
    const keys = (r: Results) => ({ ...r, keys: Object.keys(r).sort().join(',') });
    expect(
      new KeyMapper({ mapping: { img: 'missing' }, remapping: { keys: 'keys' }, transforms: [keys] }).transform({
        x: 1,
      }),
    ).toEqual({
      x: 1,
      keys: 'img,x',
    });
    expect(
      new KeyMapper({
        mapping: { img: 'missing' },
        remapping: { keys: 'keys' },
        allow_nonexist_keys: true,
        transforms: [keys],
      }).transform({ x: 1 }),
    ).toEqual({ x: 1, keys: 'x' });
  });

  it('refuses remapping with auto_remap, and inner steps that return null', () => {
    expect(() => new KeyMapper({ mapping: { a: 'b' }, remapping: { a: 'b' }, auto_remap: true })).toThrow(
      /remapping must be null/,
    );
    expect(() => new KeyMapper({ mapping: { a: 'b' }, transforms: [() => null] }).transform({ b: 1 })).toThrow(
      /should not return null/,
    );
  });
});

describe('TestTimeAug', () => {
  it('runs every combination of the stages and gathers each key into a list', () => {
    const tta = new TestTimeAug({
      transforms: [[plus(1), plus(2)], [plus(10), plus(20)], [(r: Results) => ({ packed: r.value })]],
    });
    expect(tta.subroutines.length).toBe(4);
    expect(tta.transform({ value: 0 })).toEqual({ packed: [11, 21, 12, 22] });
  });

  it('gives every copy its own deep copy of the input', () => {
    const push = (r: Results) => {
      (r.list as number[]).push(1);
      return r;
    };
    const input = { list: [] as number[] };
    expect(new TestTimeAug({ transforms: [[push, push]] }).transform(input)).toEqual({ list: [[1], [1]] });
    expect(input.list).toEqual([]);
  });

  it('refuses a copy that is dropped, and transforms that are not lists of lists', () => {
    expect(() => new TestTimeAug({ transforms: [[() => null]] }).transform({})).toThrow(/must not drop a sample/);
    expect(() => new TestTimeAug({ transforms: [plus(1)] as never })).toThrow(/list of lists/);
  });

  it('builds from TRANSFORMS', () => {
    const tta = TRANSFORMS.build<TestTimeAug>({
      type: 'TestTimeAug',
      transforms: [[{ type: 'RandomApply', transforms: [plus(1)], prob: 1 }]],
    });
    expect(tta.transform({ value: 1 })).toEqual({ value: [2] });
  });
});
