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
