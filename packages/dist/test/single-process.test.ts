import { getDistInfo as readDistInfo } from '@eng/internal';
import { tf } from '@eng/tensor-gpu';
import { describe, expect, it } from 'vitest';
import {
  allGather,
  allGatherObject,
  allReduce,
  barrier,
  broadcast,
  broadcastObjectList,
  collectResults,
  DistError,
  gatherObject,
  getDistInfo,
  getLauncher,
  getLocalRank,
  getLocalSize,
  getRank,
  getWorldSize,
  inferLauncher,
  initDist,
  isDistributed,
  isMainProcess,
  masterOnly,
  syncRandomSeed,
  allGatherObjectSync,
  allReduceParamsSync,
  allReduceSync,
  broadcastParamsSync,
  barrierSync,
  broadcastObjectSync,
  broadcastSync,
  collectResultsSync,
  initDistSync,
} from '../src/index';

await initDist('none');

describe("initDist('none'): one process", () => {
  it('is rank 0 of world size 1, on one machine', () => {
    expect([getRank(), getWorldSize(), getLocalRank(), getLocalSize()]).toEqual([0, 1, 0, 1]);
    expect(getDistInfo()).toEqual({ rank: 0, worldSize: 1 });
    expect(isDistributed()).toBe(false);
    expect(isMainProcess()).toBe(true);
    expect(getLauncher()).toBe('none');
  });

  it("publishes rank and world size to @eng/internal's getDistInfo", () => {
    expect(readDistInfo()).toEqual({ rank: 0, worldSize: 1 });
  });

  it('may be called again', async () => {
    await expect(initDist('none')).resolves.toBeUndefined();
    await expect(initDist()).resolves.toBeUndefined();
  });

  it('rejects an unknown launcher and unknown options, naming them', async () => {
    await expect(initDist('pytorch' as 'none')).rejects.toMatchObject({
      code: 'INVALID_LAUNCHER',
      message: expect.stringContaining("'none', 'mpi'"),
    });
    await expect(initDist('none', { abortOnErorr: true } as object)).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
      message: expect.stringContaining('abortOnError'),
    });
  });
});

describe("initDist('mpi') without the addon", () => {
  it('says what to install', async () => {
    const error = await initDist('mpi', { addonPath: '/nonexistent/eng_mpi.node' }).catch((e: unknown) => e);
    expect(DistError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'MPI_UNAVAILABLE' });
    expect((error as Error).message).toContain('openmpi-bin libopenmpi-dev');
    expect(getWorldSize()).toBe(1);
  });
});

describe('inferLauncher', () => {
  it("is 'mpi' under mpirun (Open MPI's variables), else 'none'", () => {
    expect(inferLauncher({ OMPI_COMM_WORLD_SIZE: '2', OMPI_COMM_WORLD_LOCAL_RANK: '0' })).toBe('mpi');
    expect(inferLauncher({})).toBe('none');
  });

  it("is 'slurm' in a task srun started (SLURM_PROCID and SLURM_NTASKS), when mpirun did not", () => {
    expect(inferLauncher({ SLURM_PROCID: '1', SLURM_NTASKS: '4' })).toBe('slurm');
    expect(inferLauncher({ SLURM_PROCID: '1', SLURM_NTASKS: '4', OMPI_COMM_WORLD_SIZE: '4' })).toBe('mpi');
  });
});

describe('the blocking forms, in one process', () => {
  it('leave typed arrays and objects as they are, and return at once', () => {
    initDistSync('none');
    const data = Float32Array.of(1, 2);
    expect(allReduceSync(data, 'mean')).toBe(data);
    expect([...data]).toEqual([1, 2]);
    expect(broadcastSync(data, 0)).toBe(data);
    barrierSync();
    const obj = { a: 1 };
    expect(allGatherObjectSync(obj)).toEqual([obj]);
    expect(broadcastObjectSync(obj, 0)).toBe(obj);
    expect(collectResultsSync(['a', 'b', 'c'], 2)).toEqual(['a', 'b']);
  });

  it('allReduceParamsSync and broadcastParamsSync leave the variables as they are', () => {
    const w = tf.variable(tf.tensor1d([0.5, -1]));
    const steps = tf.variable(tf.scalar(3, 'int32'));
    allReduceParamsSync([w, steps], 'mean');
    broadcastParamsSync([w, steps], 0);
    expect([...w.dataSync()]).toEqual([0.5, -1]);
    expect(steps.dataSync()[0]).toBe(3);
    tf.dispose([w, steps]);
  });

  it('check their arguments as the asynchronous forms do', () => {
    expect(() => allReduceSync([1, 2] as never)).toThrow(/allReduceSync: expected a typed array/);
    expect(() => allReduceSync(Float32Array.of(1), 'avg' as never)).toThrow(/op must be one of/);
    expect(() => broadcastSync(Float32Array.of(1), 1)).toThrow(/src must be a rank from 0 to 0/);
    expect(() => collectResultsSync([], -1)).toThrow(/collectResultsSync: size must be a whole number/);
  });
});

describe('masterOnly', () => {
  it('runs the function on rank 0, with its this and arguments', () => {
    const obj = {
      base: 10,
      add: masterOnly(function (this: { base: number }, x: number) {
        return this.base + x;
      }),
    };
    expect(obj.add(5)).toBe(15);
  });
});

describe('barrier', () => {
  it('resolves at once', async () => {
    await expect(barrier()).resolves.toBeUndefined();
  });
});

describe('allReduce: the single-process case leaves the data as it is', () => {
  it.each(['sum', 'mean', 'max', 'min'] as const)(
    '%s of a typed array resolves to the same array, unchanged',
    async (op) => {
      for (const data of [Float32Array.of(1, -2.5), Float64Array.of(3, 4), Int32Array.of(7, -7)]) {
        const copy = data.slice();
        const out = await allReduce(data, op);
        expect(out).toBe(data);
        expect(out).toEqual(copy);
      }
    },
  );

  it('of a tensor resolves to a new tensor of its shape, dtype and values; the input stays', async () => {
    const t = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const out = await allReduce(t, 'mean');
    expect(out).not.toBe(t);
    expect(out.shape).toEqual([2, 2]);
    expect(out.dtype).toBe('float32');
    expect(Array.from(await out.data())).toEqual([1, 2, 3, 4]);
    expect(t.isDisposed).toBe(false);
    tf.dispose([t, out]);
  });

  it('defaults to sum and rejects an unknown op', async () => {
    await expect(allReduce(Float32Array.of(1))).resolves.toEqual(Float32Array.of(1));
    await expect(allReduce(Float32Array.of(1), 'prod' as 'sum')).rejects.toThrow(/'sum', 'mean', 'max', 'min'/);
  });

  it('rejects what is neither a tensor nor a typed array', async () => {
    await expect(allReduce([1, 2] as unknown as Float32Array)).rejects.toThrow(DistError);
  });
});

describe('allGather: the single-process case is a list of the data', () => {
  it('holds the typed array itself', async () => {
    const data = Float32Array.of(1, 2);
    const out = await allGather(data);
    expect(out).toHaveLength(1);
    expect(out[0]).toBe(data);
  });

  it('holds a new tensor equal to the input', async () => {
    const t = tf.tensor1d([5, 6], 'int32');
    const [out] = await allGather(t);
    expect(out).not.toBe(t);
    expect(out?.dtype).toBe('int32');
    expect(Array.from((await out?.data()) ?? [])).toEqual([5, 6]);
    tf.dispose([t, out!]);
  });
});

describe('broadcast: the single-process case keeps the data', () => {
  it('resolves to the same typed array', async () => {
    const data = Int32Array.of(1, 2, 3);
    expect(await broadcast(data)).toBe(data);
    expect(data).toEqual(Int32Array.of(1, 2, 3));
  });

  it('resolves to a new tensor equal to the input', async () => {
    const t = tf.scalar(3);
    const out = await broadcast(t, 0);
    expect(out).not.toBe(t);
    expect(out.dataSync()[0]).toBe(3);
    tf.dispose([t, out]);
  });

  it('rejects a src that is not a rank', async () => {
    await expect(broadcast(Float32Array.of(1), 1)).rejects.toThrow(/src must be a rank from 0 to 0, got the number 1/);
  });
});

describe('objects', () => {
  it('allGatherObject and gatherObject give a list holding the object', async () => {
    const obj = { a: [1, 2] };
    expect(await allGatherObject(obj)).toEqual([obj]);
    expect((await gatherObject(obj))?.[0]).toBe(obj);
    await expect(gatherObject(obj, 2)).rejects.toThrow(/dst must be a rank/);
  });

  it('broadcastObjectList keeps the list as it is', async () => {
    const list = ['foo', 12, { 1: 2 }];
    expect(await broadcastObjectList(list)).toBe(list);
    expect(list).toEqual(['foo', 12, { 1: 2 }]);
    await expect(broadcastObjectList('x' as unknown as unknown[])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('collectResults', () => {
  it('keeps the first size results', async () => {
    expect(await collectResults(['foo', 24, { 1: 2 }, { a: 'b' }], 3)).toEqual(['foo', 24, { 1: 2 }]);
    expect(await collectResults([1, 2], 5)).toEqual([1, 2]);
  });

  it('rejects a size that is not a whole number', async () => {
    await expect(collectResults([1], -1)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('syncRandomSeed', () => {
  it('is a whole number below 2^31', async () => {
    const seed = await syncRandomSeed();
    expect(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 31).toBe(true);
  });
});
