// Run by test/mpi.test.ts under `mpirun -np 2`: the object collectives and collectResults; rank 0 prints what it got
// as one `RESULT {json}` line, the other ranks what they got as `OTHER <rank> {json}`.
import { load } from './load.mjs';

const { dist } = await load();

await dist.initDist('mpi');
const rank = dist.getRank();
const out = {};

out.allGatherObject = await dist.allGatherObject({
  rank,
  text: 'é'.repeat(rank + 1),
  arr: Float32Array.of(rank, Number.NaN),
});
out.gatherObject = (await dist.gatherObject(['part', rank], 1)) ?? null;
const list = rank === 0 ? ['foo', 12, { 1: 2 }] : [null, null];
await dist.broadcastObjectList(list, 0);
out.broadcastObjectList = list;
// MMEngine's example: ['foo', {1: 2}] on rank 0, [24, {'a': 'b'}] on rank 1, size 4.
out.collectMMEngine = (await dist.collectResults(rank === 0 ? ['foo', { 1: 2 }] : [24, { a: 'b' }], 4)) ?? null;
// A padded sampler: 5 samples over 2 ranks, rank 0 got 0 2 4, rank 1 got 1 3 and a repeat of 0.
out.collectPadded = (await dist.collectResults(rank === 0 ? [0, 2, 4] : [1, 3, 0], 5)) ?? null;
// Parts of different lengths: holes are skipped.
out.collectUneven = (await dist.collectResults(rank === 0 ? ['a0', 'a1', 'a2'] : ['b0'], 10)) ?? null;
const big = Array.from({ length: 20000 }, (_, i) => ({ i, rank, pred: [i / 3, rank] }));
const bigOut = await dist.collectResults(big, 40000);
out.collectBig = bigOut ? { length: bigOut.length, first: bigOut.slice(0, 3), last: bigOut.at(-1) } : null;

out.allGatherObjectSync = dist.allGatherObjectSync({ rank, nan: Number.NaN });
out.broadcastObjectSync = dist.broadcastObjectSync(rank === 1 ? { from: 1, arr: Int32Array.of(7) } : undefined, 1);
out.collectSync = dist.collectResultsSync(rank === 0 ? [0, 2, 4] : [1, 3, 0], 5) ?? null;

const text = JSON.stringify(out, (_k, v) => {
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  return ArrayBuffer.isView(v) ? { [v.constructor.name]: Array.from(v, String) } : v;
});
console.log(rank === 0 ? `RESULT ${text}` : `OTHER ${rank} ${text}`);
