import { DATA_SAMPLERS } from '@eng/registry';
import { setRandomSeed } from '@eng/tensor-gpu';
import { afterEach, describe, expect, it } from 'vitest';
import { DefaultSampler, DIST_INFO_KEY, getDistInfo, InfiniteSampler } from '../src';

const dataset = (length: number) => ({ length });
const take = (it: Iterable<number>, n: number): number[] => {
  const iterator = it[Symbol.iterator]();
  const out: number[] = [];
  while (out.length < n) {
    const next = iterator.next();
    if (next.done) break;
    out.push(next.value);
  }
  return out;
};
function asRank(rank: number, worldSize: number): void {
  (globalThis as Record<symbol, unknown>)[DIST_INFO_KEY] = () => ({ rank, worldSize });
}
afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[DIST_INFO_KEY];
});

describe('resuming with another number of ranks', () => {
  it('DefaultSampler: 2 ranks 3 samples in each continue on 1 rank with exactly the samples not yet seen', () => {
    const seen: number[] = [];
    const states = [0, 1].map((rank) => {
      asRank(rank, 2);
      const s = new DefaultSampler({ dataset: dataset(20), seed: 5 });
      seen.push(...take(s, 3));
      return s.stateDict();
    });
    expect(states[0]).toEqual({ epoch: 0, seed: 5, position: 3, world_size: 2 });
    asRank(0, 1);
    const alone = new DefaultSampler({ dataset: dataset(20), seed: 5 });
    alone.loadStateDict(states[0] as never);
    const rest = [...alone];
    expect(rest).toHaveLength(14);
    expect([...seen, ...rest].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('DefaultSampler and InfiniteSampler refuse a position the new ranks cannot split, saying what to do', () => {
    asRank(0, 2);
    const d = new DefaultSampler({ dataset: dataset(20), seed: 5 });
    expect(() => d.loadStateDict({ epoch: 1, seed: 5, position: 3, world_size: 3 })).toThrow(
      /saved by 3 ranks after 9 samples of epoch 1, which 2 ranks cannot split evenly; resume from a checkpoint taken at the end of an epoch/,
    );
    const i = new InfiniteSampler({ dataset: dataset(20), seed: 5 });
    i.loadStateDict({ epoch: 0, seed: 5, position: 3, world_size: 4 });
    expect(i.stateDict()).toEqual({ epoch: 0, seed: 5, position: 6, world_size: 2 });
  });
});

describe('DefaultSampler', () => {
  it('without shuffle: every index in order, length as the dataset', () => {
    const s = new DefaultSampler({ dataset: dataset(10), shuffle: false });
    expect(s.length).toBe(10);
    expect([...s]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('rank 1 of 2 gets indices[1::2]; round_up repeats to an even share, round_up false does not', () => {
    asRank(1, 2);
    expect(getDistInfo()).toEqual({ rank: 1, worldSize: 2 });
    const up = new DefaultSampler({ dataset: dataset(11), shuffle: false });
    expect(up.length).toBe(6);
    expect([...up]).toEqual([1, 3, 5, 7, 9, 0]);
    const exact = new DefaultSampler({ dataset: dataset(11), shuffle: false, round_up: false });
    expect(exact.length).toBe(5);
    expect([...exact]).toEqual([1, 3, 5, 7, 9]);
    asRank(0, 2);
    expect([...new DefaultSampler({ dataset: dataset(11), shuffle: false, round_up: false })]).toEqual([
      0, 2, 4, 6, 8, 10,
    ]);
  });

  it('the ranks of one seed split one permutation, without overlap', () => {
    const shares = [0, 1, 2].map((rank) => {
      asRank(rank, 3);
      return [...new DefaultSampler({ dataset: dataset(12), seed: 7 })];
    });
    expect(shares.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i));
  });

  it('shuffles by seed + epoch: the same order for the same seed and epoch, a new one after setEpoch', () => {
    const a = new DefaultSampler({ dataset: dataset(50), seed: 3 });
    const b = new DefaultSampler({ dataset: dataset(50), seed: 3 });
    const first = [...a];
    expect([...b]).toEqual(first);
    expect([...a]).toEqual(first); // iterating again without setEpoch repeats the order, as MMEngine's
    expect(first).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
    a.setEpoch(1);
    expect([...a]).not.toEqual(first);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect([...new DefaultSampler({ dataset: dataset(50), seed: 4 })]).not.toEqual(first);
  });

  it("takes the run's seed when none is given", () => {
    setRandomSeed(1234);
    expect(new DefaultSampler({ dataset: dataset(3) }).seed).toBe(1234);
  });

  it('resumes in the middle of an epoch with exactly the remaining indices, then starts the next epoch at 0', () => {
    const s = new DefaultSampler({ dataset: dataset(20), seed: 11 });
    s.setEpoch(2);
    const order = [...s];
    const consumed = take(s, 7);
    expect(consumed).toEqual(order.slice(0, 7));
    const state = JSON.parse(JSON.stringify(s.stateDict()));
    expect(state).toEqual({ epoch: 2, seed: 11, position: 7, world_size: 1 });

    const resumed = new DefaultSampler({ dataset: dataset(20), seed: 999 });
    resumed.loadStateDict(state);
    expect([...resumed]).toEqual(order.slice(7));
    expect([...resumed]).toEqual(order); // the next full pass of the same epoch
    expect(() => resumed.loadStateDict({ epoch: -1 } as never)).toThrow(/expects \{ epoch, seed, position \}/);
  });

  it('is built from DATA_SAMPLERS with the dataset as a default argument, refusing unknown options', () => {
    const s = DATA_SAMPLERS.build({ type: 'DefaultSampler', shuffle: false }, { dataset: dataset(3) });
    expect([...s]).toEqual([0, 1, 2]);
    expect(() => DATA_SAMPLERS.build({ type: 'DefaultSampler', shufle: false }, { dataset: dataset(3) })).toThrow(
      /Did you mean "shuffle"/,
    );
  });
});

describe('InfiniteSampler', () => {
  it('yields pass after pass, and a new iteration continues the stream', () => {
    const s = new InfiniteSampler({ dataset: dataset(4), shuffle: false });
    expect(s.length).toBe(4);
    expect(take(s, 6)).toEqual([0, 1, 2, 3, 0, 1]);
    expect(take(s, 3)).toEqual([2, 3, 0]);
  });

  it('shuffles each pass differently, covering every index in each', () => {
    const s = new InfiniteSampler({ dataset: dataset(30), seed: 5 });
    const stream = take(s, 90);
    const passes = [0, 1, 2].map((p) => stream.slice(p * 30, p * 30 + 30));
    for (const p of passes) expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(passes[0]).not.toEqual(passes[1]);
  });

  it('splits the one stream across ranks', () => {
    const full = take(new InfiniteSampler({ dataset: dataset(5), seed: 2 }), 10);
    asRank(1, 2);
    expect(take(new InfiniteSampler({ dataset: dataset(5), seed: 2 }), 5)).toEqual(full.filter((_, i) => i % 2 === 1));
  });

  it('resumes the same stream from its state', () => {
    const a = new InfiniteSampler({ dataset: dataset(7), seed: 9 });
    take(a, 10);
    const state = a.stateDict();
    const expected = take(a, 12);
    const b = new InfiniteSampler({ dataset: dataset(7), seed: 1 });
    b.loadStateDict(state);
    expect(take(b, 12)).toEqual(expected);
  });
});
