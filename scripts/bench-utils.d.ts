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
export declare function measure(name: string, fn: () => unknown, budgetMs?: number): Promise<Measurement>;
export declare function compare(subject: Measurement, baseline: Measurement): Comparison;
/** Prints a table of the results and writes them to bench/results/<pkg>.json. */
export declare function report(pkg: string, rows: Array<Measurement | Comparison>, extra?: Record<string, unknown>): void;
//# sourceMappingURL=bench-utils.d.ts.map