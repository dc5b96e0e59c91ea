import type { ScalarLog, ScalarPoint, StepUnit } from './scalar-log';

/** One line of a chart. */
export interface ChartSeries {
  label: string;
  points: ScalarPoint[];
  /** Also draw a smoothed line over the raw one (the raw one is then drawn faint). */
  smooth?: boolean;
}

/** What one PNG shows: its file name, title, axes and lines. */
export interface ChartSpec {
  /** The PNG's file name (`loss.png`, `val_accuracy.png`, ...). */
  file: string;
  title: string;
  xLabel: string;
  yLabel: string;
  /** The x axis counts iterations or epochs (epochs get whole-number ticks). */
  xUnit: StepUnit;
  series: ChartSeries[];
  /** A logarithmic y axis (the learning rate, when it spans two decades or more). */
  logY?: boolean;
}

const TIME_KEYS = new Set(['time', 'data_time']);

/** Metric groups eng's metrics report in percent (`Accuracy` as MMEngine's, 0-100). */
const PERCENT_GROUPS = new Set(['accuracy']);

const isLoss = (key: string): boolean => key.includes('loss');
const isLr = (key: string): boolean => key === 'lr' || key.endsWith('.lr') || key.endsWith('_lr');
const isMomentum = (key: string): boolean => key === 'momentum' || key.endsWith('.momentum');

/** The group of a key: the part before its first `/` (`accuracy/top1` → `accuracy`), else the key itself. */
export function groupOf(key: string): string {
  const slash = key.indexOf('/');
  return slash > 0 ? key.slice(0, slash) : key;
}

/** A file-name-safe form of a group name. */
function slug(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '') || 'scalar';
}

/** Whether every value is positive and the largest is at least 100 times the smallest. */
function spansDecades(series: readonly ChartSeries[]): boolean {
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  for (const { points } of series) {
    for (const { y } of points) {
      if (y <= 0) return false;
      min = Math.min(min, y);
      max = Math.max(max, y);
    }
  }
  return max > 0 && max / min >= 100;
}

/** Keys grouped by {@link groupOf}, groups in the order their first key appears. */
function byGroup(keys: readonly string[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const key of keys) {
    const group = groupOf(key);
    const members = groups.get(group);
    if (members === undefined) groups.set(group, [key]);
    else members.push(key);
  }
  return groups;
}

/** A readable title from a group name (`grad_norm` → `Grad norm`). */
function titleOf(name: string): string {
  const words = name.replace(/[_.]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The charts of a run, those with data only: all train losses in one chart (raw and smoothed) per iteration, the
 * learning rate (log scale when it spans decades), the momentum, the iteration and data time, every other train
 * scalar by group; then each validation metric group (`accuracy/top1` and `accuracy/top5` share a chart) per epoch,
 * and the validation's own time.
 */
export function planCharts(log: ScalarLog): ChartSpec[] {
  const charts: ChartSpec[] = [];
  const train = [...log.train.keys()];
  const series = (map: Map<string, ScalarPoint[]>, keys: readonly string[], smooth = false): ChartSeries[] =>
    keys.map((key) => ({ label: key, points: map.get(key) ?? [], ...(smooth ? { smooth } : {}) }));
  const add = (spec: ChartSpec): void => {
    if (spec.series.some((s) => s.points.length > 0)) charts.push(spec);
  };

  const losses = train.filter(isLoss);
  add({
    file: 'loss.png',
    title: 'Training loss',
    xLabel: 'iteration',
    yLabel: 'loss',
    xUnit: 'iteration',
    series: series(log.train, losses, true),
  });
  const lrs = train.filter(isLr);
  const lrSeries = series(log.train, lrs);
  add({
    file: 'lr.png',
    title: 'Learning rate',
    xLabel: 'iteration',
    yLabel: 'learning rate',
    xUnit: 'iteration',
    series: lrSeries,
    ...(spansDecades(lrSeries) ? { logY: true } : {}),
  });
  const momenta = train.filter(isMomentum);
  add({
    file: 'momentum.png',
    title: 'Momentum',
    xLabel: 'iteration',
    yLabel: 'momentum',
    xUnit: 'iteration',
    series: series(log.train, momenta),
  });
  const timeFirst = (a: string, b: string): number => Number(b === 'time') - Number(a === 'time');
  const times = train.filter((key) => TIME_KEYS.has(key)).sort(timeFirst);
  add({
    file: 'time.png',
    title: 'Time per training iteration',
    xLabel: 'iteration',
    yLabel: 'seconds',
    xUnit: 'iteration',
    series: series(log.train, times),
  });
  const taken = new Set([...losses, ...lrs, ...momenta, ...times]);
  for (const [group, keys] of byGroup(train.filter((key) => !taken.has(key)))) {
    add({
      file: `train_${slug(group)}.png`,
      title: `${titleOf(group)} (training)`,
      xLabel: 'iteration',
      yLabel: keys.length === 1 ? (keys[0] as string) : group,
      xUnit: 'iteration',
      series: series(log.train, keys),
    });
  }

  const val = [...log.val.keys()];
  const unit = log.valUnit;
  for (const [group, keys] of byGroup(val.filter((key) => !TIME_KEYS.has(key)))) {
    add({
      file: `val_${slug(group)}.png`,
      title: `Validation ${group}`,
      xLabel: unit,
      yLabel: `${keys.length === 1 ? (keys[0] as string) : group}${PERCENT_GROUPS.has(group) ? ' (%)' : ''}`,
      xUnit: unit,
      series: series(log.val, keys),
    });
  }
  add({
    file: 'val_time.png',
    title: 'Time per validation iteration',
    xLabel: unit,
    yLabel: 'seconds',
    xUnit: unit,
    series: series(log.val, val.filter((key) => TIME_KEYS.has(key)).sort(timeFirst)),
  });
  return charts;
}

/**
 * A smoothed copy of a curve: an exponential moving average with its start-up bias removed (as TensorBoard's
 * smoothing), its weight chosen so it averages over about a fifteenth of the points.
 */
export function smoothPoints(points: readonly ScalarPoint[]): ScalarPoint[] {
  const span = Math.max(1, points.length / 15);
  const weight = 1 - 2 / (span + 1);
  let average = 0;
  let norm = 0;
  return points.map(({ x, y }) => {
    average = average * weight + (1 - weight) * y;
    norm = norm * weight + (1 - weight);
    return { x, y: average / norm };
  });
}
