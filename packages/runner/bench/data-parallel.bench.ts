// Data-parallel training on our 2 cores: samples per second of the digits demo's SmallCNN (batch 64 per rank, Adam,
// MNIST) trained by 2 ranks under `mpirun -np 2` against 1 process, in alternated rounds (A B A B; medians with
// ranges), plus what the gradient exchange costs per step (inside MPI_Allreduce, and packing/unpacking the buckets).
// A third arm in each round runs 2 processes on their own at once: what the 2 cores give with no exchange at all.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { mpiUnavailable } from '@eng/test-utils/mpi';
import { formatRange, ratioOf, report, summarize } from '../../../scripts/bench-utils';
import { mpirunFlags } from '../src/cli/launch-mpi';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 12800);
const script = join(import.meta.dirname, 'data-parallel-run.mjs');

const why = mpiUnavailable();
if (why) {
  console.log(`[bench] runner data parallel: skipped, ${why}`);
  process.exit(0);
}

interface Result {
  worldSize: number;
  samplesPerSecond: number;
  msPerStep: number;
  allreduceMsPerStep: number;
  packingMsPerStep: number;
  allreducesPerStep: number;
  elementsPerStep: number;
}

function run(ranks: number): Promise<Result> {
  const [command, args] =
    ranks === 1
      ? [process.execPath, [script, 'none', String(SAMPLES)]]
      : [
          'mpirun',
          // what `eng train --nproc` passes (Open MPI then binds each rank to a core of its own)
          [
            ...mpirunFlags(ranks, process.getuid?.() === 0, availableParallelism()),
            '-np',
            String(ranks),
            process.execPath,
            script,
            'mpi',
            String(SAMPLES),
          ],
        ];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT 0 '));
      if (code !== 0 || line === undefined) reject(new Error(`${command} exited ${code}:\n${out}`));
      else resolve(JSON.parse(line.slice('RESULT 0 '.length)) as Result);
    });
  });
}

/** The ceiling: 2 processes training on their own at the same time, with no gradient exchange (samples/s summed). */
async function independent(): Promise<Result> {
  const [a, b] = await Promise.all([run(1), run(1)]);
  return {
    ...a,
    samplesPerSecond: a.samplesPerSecond + b.samplesPerSecond,
    msPerStep: Math.max(a.msPerStep, b.msPerStep),
  };
}

const one: Result[] = [];
const two: Result[] = [];
const apart: Result[] = [];
for (let round = 0; round < ROUNDS; round++) {
  one.push(await run(1));
  two.push(await run(2));
  apart.push(await independent());
}
const pick = (rs: Result[], key: keyof Result) => rs.map((r) => r[key]);
const speedup = ratioOf(pick(two, 'samplesPerSecond'), pick(one, 'samplesPerSecond'));
const ceiling = ratioOf(pick(apart, 'samplesPerSecond'), pick(one, 'samplesPerSecond'));
const ofCeiling = ratioOf(pick(two, 'samplesPerSecond'), pick(apart, 'samplesPerSecond'));
const last = two.at(-1) as Result;
console.log(`\nSmallCNN on MNIST, batch 64 per rank, samples/s of the job (${ROUNDS} alternated rounds)`);
console.log(`  1 process (baseline)  ${formatRange(summarize(pick(one, 'samplesPerSecond')), ' samples/s')}`);
console.log(`  2 ranks               ${formatRange(summarize(pick(two, 'samplesPerSecond')), ' samples/s')}`);
console.log(`  speed-up              ${formatRange(speedup, 'x')}`);
console.log(
  `  2 independent processes at once (no exchange, the machine's ceiling): ${formatRange(summarize(pick(apart, 'samplesPerSecond')), ' samples/s')} = ${formatRange(ceiling, 'x')}; 2 ranks reach ${formatRange(ofCeiling, 'x')} of it`,
);
console.log(
  `  ms per step: 1 process ${formatRange(summarize(pick(one, 'msPerStep')), ' ms')}, 2 ranks ${formatRange(summarize(pick(two, 'msPerStep')), ' ms')}`,
);
console.log(
  `  gradient exchange per step: allreduce ${formatRange(summarize(pick(two, 'allreduceMsPerStep')), ' ms')}, packing ${formatRange(summarize(pick(two, 'packingMsPerStep')), ' ms')}; ${last.allreducesPerStep} allreduce(s) of ${last.elementsPerStep} floats`,
);
report('runner-data-parallel', [], {
  method: `${ROUNDS} alternated rounds (1 process, then mpirun -np 2), ${SAMPLES} MNIST samples, 20 warm-up iterations; medians [min-max]`,
  samplesPerSecond: {
    oneProcess: summarize(pick(one, 'samplesPerSecond')),
    twoRanks: summarize(pick(two, 'samplesPerSecond')),
    speedup,
    twoIndependentProcesses: summarize(pick(apart, 'samplesPerSecond')),
    ceiling,
    twoRanksOfCeiling: ofCeiling,
  },
  msPerStep: { oneProcess: summarize(pick(one, 'msPerStep')), twoRanks: summarize(pick(two, 'msPerStep')) },
  gradientExchangePerStep: {
    allreduceMs: summarize(pick(two, 'allreduceMsPerStep')),
    packingMs: summarize(pick(two, 'packingMsPerStep')),
    allreduces: last.allreducesPerStep,
    floats: last.elementsPerStep,
  },
});
