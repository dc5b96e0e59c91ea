/** One point of a curve: `x` is the step (an iteration or an epoch), `y` the value. */
export interface ScalarPoint {
  x: number;
  y: number;
}

/** The unit of a curve's x axis. */
export type StepUnit = 'iteration' | 'epoch';

/**
 * A run's `scalars.json` read back: the train lines' scalars per iteration and the validation lines' per epoch (or
 * per iteration, when the logger hook logged metrics by iteration), each key with its points in file order.
 */
export interface ScalarLog {
  /** Train scalars (every key of a train line but `step`, `iter` and `epoch`), x = the line's `step` (iteration). */
  train: Map<string, ScalarPoint[]>;
  /** Validation scalars (metrics, and the validation's own `time` / `data_time`), x = the line's `step`. */
  val: Map<string, ScalarPoint[]>;
  /** The unit of the validation lines' `step`. */
  valUnit: StepUnit;
  /** The last validation line (without `step`), or `undefined` when there is none. */
  lastVal: Record<string, number> | undefined;
  /** The step of the last validation line. */
  lastValStep: number | undefined;
  /** Train lines, validation lines, and lines that were not a JSON object (e.g. a line cut short by a crash). */
  counts: { train: number; val: number; skipped: number };
  /** The largest train `step` (iteration) and train `epoch` seen (0 when none). */
  maxIter: number;
  maxEpoch: number;
}

/** Keys that count a line's position rather than measure something. */
const COUNTERS = new Set(['step', 'iter', 'epoch']);

/**
 * Whether a line was written after a train iteration: it carries a loss, a learning rate or the `iter` counter
 * (a validation line carries the metrics and the validation's time only).
 */
function isTrainLine(keys: readonly string[]): boolean {
  return keys.some((key) => key === 'iter' || key.includes('loss') || key === 'lr' || key.endsWith('.lr'));
}

function push(map: Map<string, ScalarPoint[]>, key: string, point: ScalarPoint): void {
  const points = map.get(key);
  if (points === undefined) map.set(key, [point]);
  else points.push(point);
}

/**
 * Reads the text of a `scalars.json` (one JSON object a line, `{...scalars, step}`, as `LocalVisBackend` writes it)
 * into train and validation curves. Values that are not finite numbers (`null` for NaN) are left out of the curves;
 * a line that is not a JSON object is counted in `counts.skipped` and otherwise ignored.
 *
 * @example
 * const log = parseScalarLog('{"loss": 0.5, "lr": 0.1, "iter": 10, "step": 10}\n{"accuracy/top1": 80, "step": 1}\n');
 * log.train.get('loss'); // [{ x: 10, y: 0.5 }]
 * log.val.get('accuracy/top1'); // [{ x: 1, y: 80 }]
 */
export function parseScalarLog(text: string): ScalarLog {
  const log: ScalarLog = {
    train: new Map(),
    val: new Map(),
    valUnit: 'epoch',
    lastVal: undefined,
    lastValStep: undefined,
    counts: { train: 0, val: 0, skipped: 0 },
    maxIter: 0,
    maxEpoch: 0,
  };
  let maxValStep = 0;
  let trainHasEpoch = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      log.counts.skipped++;
      continue;
    }
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      log.counts.skipped++;
      continue;
    }
    const entries = Object.entries(record as Record<string, unknown>);
    const keys = entries.map(([key]) => key);
    const stepValue = (record as Record<string, unknown>)['step'];
    const step = typeof stepValue === 'number' && Number.isFinite(stepValue) ? stepValue : undefined;
    if (isTrainLine(keys)) {
      log.counts.train++;
      const iter = step ?? log.maxIter + 1;
      log.maxIter = Math.max(log.maxIter, iter);
      const epoch = (record as Record<string, unknown>)['epoch'];
      if (typeof epoch === 'number' && Number.isFinite(epoch)) {
        trainHasEpoch = true;
        log.maxEpoch = Math.max(log.maxEpoch, epoch);
      }
      for (const [key, value] of entries) {
        if (COUNTERS.has(key) || typeof value !== 'number' || !Number.isFinite(value)) continue;
        push(log.train, key, { x: iter, y: value });
      }
    } else {
      log.counts.val++;
      const at = step ?? log.counts.val;
      maxValStep = Math.max(maxValStep, at);
      const last: Record<string, number> = {};
      for (const [key, value] of entries) {
        if (key === 'step' || typeof value !== 'number' || !Number.isFinite(value)) continue;
        push(log.val, key, { x: at, y: value });
        last[key] = value;
      }
      log.lastVal = last;
      log.lastValStep = at;
    }
  }
  // The logger hook logs metrics by epoch unless told otherwise; steps past the last train epoch are iterations.
  if (log.counts.train > 0 && (!trainHasEpoch || maxValStep > log.maxEpoch)) log.valUnit = 'iteration';
  return log;
}
