// Shared helpers for the packages' benchmarks: time a function for a fixed budget, compare it with a
// baseline measured in the same process, print the figures and write bench/results/<package>.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Measurement {
  name: string;
  opsPerSec: number;
  msPerOp: number;
  samples: number;
}

export interface Comparison extends Measurement {
  baseline: string;
  /** how many times slower than the baseline (1 = as fast) */
  ratio: number;
}

/** Runs `fn` repeatedly for about `budgetMs` (after a warm-up) and reports its rate. */
export async function measure(name: string, fn: () => unknown, budgetMs = 500): Promise<Measurement> {
  const warmUntil = performance.now() + Math.min(200, budgetMs / 4);
  while (performance.now() < warmUntil) await fn();
  let samples = 0;
  let batch = 1;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < budgetMs) {
    for (let i = 0; i < batch; i++) await fn();
    samples += batch;
    elapsed = performance.now() - start;
    if (elapsed < budgetMs / 10) batch *= 2;
  }
  return { name, opsPerSec: (samples / elapsed) * 1000, msPerOp: elapsed / samples, samples };
}

export function compare(subject: Measurement, baseline: Measurement): Comparison {
  return { ...subject, baseline: baseline.name, ratio: baseline.opsPerSec / subject.opsPerSec };
}

function format(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toPrecision(3);
}

/** Prints a table of the results and writes them to bench/results/<pkg>.json. */
export function report(pkg: string, rows: Array<Measurement | Comparison>, extra: Record<string, unknown> = {}): void {
  console.log(`\n@eng/${pkg} benchmark`);
  for (const r of rows) {
    const ratio = 'ratio' in r ? `  ${r.ratio.toFixed(2)}x vs ${r.baseline}` : '';
    console.log(
      `  ${r.name.padEnd(48)} ${format(r.opsPerSec).padStart(12)} ops/s  ${r.msPerOp.toPrecision(3).padStart(9)} ms/op${ratio}`,
    );
  }
  const dir = process.env.ENG_BENCH_RESULTS ?? join(process.cwd(), '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${pkg}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      { package: `@eng/${pkg}`, date: new Date().toISOString(), node: process.version, rows, ...extra },
      null,
      2,
    ) + '\n',
  );
  console.log(`  -> ${file}`);
}

export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
}

/** Median and range of repeated samples (e.g. one figure per interleaved round). */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, n: 0 };
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median =
    sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted.at(-1) as number, n: sorted.length };
}

/** "12.3 [11.9–13.0]" with an optional unit after the median. */
export function formatRange(s: Summary, unit = ''): string {
  const f = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : n.toPrecision(3));
  return `${f(s.median)}${unit} [${f(s.min)}–${f(s.max)}]`;
}

/**
 * Runs the arms in turn, round after round (A B C A B C ...), so that a noisy stretch of a shared machine falls
 * on every arm alike; each arm returns one figure per round. Returns each arm's figures in round order.
 */
export async function interleave(
  rounds: number,
  arms: Record<string, () => number | undefined | Promise<number | undefined>>,
): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = Object.fromEntries(Object.keys(arms).map((k) => [k, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, arm] of Object.entries(arms)) {
      const value = await arm();
      if (value !== undefined) out[name]?.push(value);
    }
  }
  return out;
}

/** Per-round ratios subject/baseline (rounds where both ran), summarized. */
export function ratioOf(subject: readonly number[], baseline: readonly number[]): Summary {
  const n = Math.min(subject.length, baseline.length);
  return summarize(Array.from({ length: n }, (_, i) => (subject[i] as number) / (baseline[i] as number)));
}
