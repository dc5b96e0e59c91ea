import { optionsSchema, type ShapeOf } from '@eng/internal/options';
import { exists, getText, isFile, joinPath, listDirOrFile, put, putText } from '@eng/fileio';
import { z } from 'zod';
import { VisualizationError } from '../errors';
import { type ChartSpec, planCharts } from './chart-plan';
import { baseName, findScalars, parentOf } from './find-scalars';
import { renderChart } from './render-chart';
import { reportHtml } from './report-html';
import { parseScalarLog, type ScalarLog } from './scalar-log';

export interface RunReportOptions {
  /** Where the PNGs and `index.html` go. Default: the folder of `scalars.json` (the run's `vis_data`). */
  out_dir?: string;
  /** The scalars file's name inside `vis_data` (`LocalVisBackend`'s `scalar_save_file`). Default `'scalars.json'`. */
  scalar_file?: string;
  /** Each chart's size in pixels. Default 1000 x 600. */
  width?: number;
  height?: number;
}

/** What {@link renderRunReport} wrote. */
export interface RunReport {
  /** Every file written: the PNGs, then `index.html`. */
  files: string[];
  /** The page. */
  index: string;
  /** The scalars file read and the folder it is in. */
  scalarsFile: string;
  visDataDir: string;
  /** The charts drawn (their `file` is relative to the output folder). */
  charts: ChartSpec[];
  /** The scalars as read. */
  log: ScalarLog;
}

const schema = optionsSchema<RunReportOptions>({
  out_dir: z.string().min(1).optional(),
  scalar_file: z.string().min(1).optional(),
  width: z.number().int().min(200).max(8000).optional(),
  height: z.number().int().min(150).max(8000).optional(),
} satisfies ShapeOf<RunReportOptions>);

/** The largest config the page shows in full. */
const CONFIG_LIMIT = 256 * 1024;

async function readConfig(visDataDir: string): Promise<{ name: string; text: string } | undefined> {
  const names = (await listDirOrFile(visDataDir, { listDir: false })).filter((name) => /^config\.[a-z]+$/i.test(name));
  const name = names.sort()[0];
  if (name === undefined) return undefined;
  let text = await getText(joinPath(visDataDir, name));
  if (text.length > CONFIG_LIMIT) text = `${text.slice(0, CONFIG_LIMIT)}\n... (cut at ${CONFIG_LIMIT} characters)`;
  return { name, text };
}

function mean(points: ReadonlyArray<{ y: number }> | undefined): number | undefined {
  if (points === undefined || points.length === 0) return undefined;
  return points.reduce((sum, p) => sum + p.y, 0) / points.length;
}

function lastOf(points: ReadonlyArray<{ y: number }> | undefined): number | undefined {
  return points?.at(-1)?.y;
}

function facts(log: ScalarLog, runDir: string, scalarsFile: string): Array<[string, string]> {
  const out: Array<[string, string]> = [
    ['run folder', runDir],
    ['scalars', scalarsFile],
  ];
  if (log.counts.train > 0) out.push(['iterations logged', `${log.maxIter} (${log.counts.train} train lines)`]);
  if (log.maxEpoch > 0) out.push(['epochs', String(log.maxEpoch)]);
  out.push(['validations', String(log.counts.val)]);
  const lossKey =
    [...log.train.keys()].find((key) => key === 'loss') ?? [...log.train.keys()].find((k) => k.includes('loss'));
  const loss = lossKey === undefined ? undefined : lastOf(log.train.get(lossKey));
  if (lossKey !== undefined && loss !== undefined) out.push([`last ${lossKey}`, String(Number(loss.toPrecision(6)))]);
  const lr = lastOf(log.train.get('lr'));
  if (lr !== undefined) out.push(['last lr', String(Number(lr.toPrecision(6)))]);
  const time = mean(log.train.get('time'));
  if (time !== undefined) out.push(['mean time per iteration', `${time.toFixed(4)} s`]);
  const dataTime = mean(log.train.get('data_time'));
  if (dataTime !== undefined) out.push(['mean data time per iteration', `${dataTime.toFixed(4)} s`]);
  if (log.counts.skipped > 0) out.push(['unreadable lines skipped', String(log.counts.skipped)]);
  return out;
}

/**
 * Draws the curves of a run's `scalars.json` as PNGs (chart.js on `@napi-rs/canvas`, in the bundled DejaVu Sans)
 * and writes an `index.html` beside them that shows the curves, the final and best validation metrics, the run's
 * facts and its config. `path` is a work dir (its newest run), a run folder, a `vis_data` folder or the scalars file.
 * Charts without data are left out.
 *
 * @example
 * const { files } = await renderRunReport('work_dirs/mnist_cnn');
 * // [.../vis_data/loss.png, .../vis_data/lr.png, ..., .../vis_data/index.html]
 */
export async function renderRunReport(path: string, options: RunReportOptions = {}): Promise<RunReport> {
  const checked = schema['~standard'].validate(options);
  if (checked.issues !== undefined) {
    const issues = checked.issues.map((issue) => `${issue.path.join('.') || 'options'}: ${issue.message}`);
    throw new VisualizationError('BAD_OPTIONS', `renderRunReport: ${issues.join('; ')}`);
  }
  const opts = options;
  const { scalarsFile, visDataDir } = await findScalars(path, opts.scalar_file);
  const outDir = opts.out_dir ?? visDataDir;
  const log = parseScalarLog(await getText(scalarsFile));
  const charts = planCharts(log);
  const size = { width: opts.width ?? 1000, height: opts.height ?? 600 };
  const files: string[] = [];
  for (const chart of charts) {
    const file = joinPath(outDir, chart.file);
    const png = await renderChart(chart, size);
    await writing(file, () => put(png, file));
    files.push(file);
  }
  const runDir = baseName(visDataDir) === 'vis_data' ? parentOf(visDataDir) : visDataDir;
  const runName = baseName(runDir);
  const links: Array<[string, string]> = [];
  if (outDir === visDataDir) {
    links.push([baseName(scalarsFile), baseName(scalarsFile)]);
    const logFile = joinPath(runDir, `${runName}.log`);
    if (runDir !== visDataDir && (await exists(logFile)) && (await isFile(logFile))) {
      links.push([`${runName}.log`, `../${runName}.log`]);
    }
  }
  const config = await readConfig(visDataDir);
  if (config !== undefined && outDir === visDataDir) links.push([config.name, config.name]);
  const index = joinPath(outDir, 'index.html');
  const html = reportHtml({ runName, facts: facts(log, runDir, scalarsFile), log, charts, config, links });
  await writing(index, () => putText(html, index));
  files.push(index);
  return { files, index, scalarsFile, visDataDir, charts, log };
}

async function writing(file: string, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new VisualizationError('WRITE_FAILED', `renderRunReport could not write "${file}": ${message}`, {
      cause: error,
    });
  }
}
