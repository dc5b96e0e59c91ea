import type { ChartSpec } from './chart-plan';
import type { ScalarLog } from './scalar-log';

/** What the page shows besides the curves. */
export interface ReportContent {
  /** The run's name (its folder, `20240101_120000`). */
  runName: string;
  /** Facts about the run, label → value, shown in order. */
  facts: ReadonlyArray<readonly [string, string]>;
  log: ScalarLog;
  charts: readonly ChartSpec[];
  /** The config file's name and text, when the run dumped one. */
  config?: { name: string; text: string } | undefined;
  /** Links beside the page (relative paths): label → href. */
  links: ReadonlyArray<readonly [string, string]>;
}

/** One row of the final metrics table. */
export interface MetricRow {
  metric: string;
  last: number;
  best: number;
  bestStep: number;
  /** Whether a lower value is better (losses and errors). */
  lowerIsBetter: boolean;
}

/** Text made safe for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A value as the tables show it: up to six significant digits. */
export function formatValue(value: number): string {
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e7)) return value.toExponential(3);
  return String(Number(value.toPrecision(6)));
}

const lowerIsBetter = (metric: string): boolean => /loss|err|mae|mse|rmse|time|wer|cer|fid/i.test(metric);

/** The last value of every validation metric (not the validation's time) and its best value over the run. */
export function metricRows(log: ScalarLog): MetricRow[] {
  const last = log.lastVal ?? {};
  const rows: MetricRow[] = [];
  for (const [metric, points] of log.val) {
    if (metric === 'time' || metric === 'data_time' || !(metric in last)) continue;
    const lower = lowerIsBetter(metric);
    let best = points[0] as { x: number; y: number };
    for (const point of points) if (lower ? point.y < best.y : point.y > best.y) best = point;
    rows.push({ metric, last: last[metric] as number, best: best.y, bestStep: best.x, lowerIsBetter: lower });
  }
  return rows;
}

const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "DejaVu Sans", Verdana, Arial, sans-serif; color: #1d1d1f; background: #f4f5f7; }
header { background: #23395d; color: #fff; padding: 18px 28px; }
header h1 { margin: 0; font-size: 22px; font-weight: 600; }
header p { margin: 4px 0 0; opacity: 0.8; font-size: 14px; }
main { max-width: 1080px; margin: 0 auto; padding: 20px 28px 40px; }
section { background: #fff; border: 1px solid #dde1e6; border-radius: 6px; padding: 16px 20px; margin-bottom: 20px; }
h2 { font-size: 17px; margin: 0 0 12px; }
table { border-collapse: collapse; font-size: 14px; }
th, td { text-align: left; padding: 5px 14px 5px 0; border-bottom: 1px solid #eceef1; vertical-align: top; }
th { color: #555; font-weight: 600; }
td.num { font-variant-numeric: tabular-nums; text-align: right; }
th.num { text-align: right; }
figure { margin: 0 0 18px; }
figure img { display: block; width: 100%; max-width: 1000px; height: auto; border: 1px solid #e3e6ea; }
figcaption { font-size: 13px; color: #555; margin-top: 4px; }
nav { margin-top: 12px; }
nav a { margin-right: 14px; font-size: 14px; }
pre { background: #f7f8fa; border: 1px solid #e3e6ea; padding: 12px; overflow: auto; font-size: 12.5px; line-height: 1.45; max-height: 640px; }
.muted { color: #666; font-size: 14px; }
`;

/** The report page: self-contained (inline CSS, images by relative path, no script, nothing from the network). */
export function reportHtml(content: ReportContent): string {
  const { log } = content;
  const e = escapeHtml;
  const facts = content.facts.map(([label, value]) => `<tr><th>${e(label)}</th><td>${e(value)}</td></tr>`).join('\n');
  const rows = metricRows(log);
  const unit = log.valUnit;
  const metrics =
    rows.length === 0
      ? '<p class="muted">No validation metrics were logged.</p>'
      : `<table id="metrics">
<thead><tr><th>metric</th><th class="num">final${log.lastValStep === undefined ? '' : ` (${unit} ${log.lastValStep})`}</th><th class="num">best</th><th class="num">best at ${unit}</th></tr></thead>
<tbody>
${rows
  .map(
    (row) =>
      `<tr><td>${e(row.metric)}</td><td class="num">${formatValue(row.last)}</td><td class="num">${formatValue(row.best)}</td><td class="num">${row.bestStep}</td></tr>`,
  )
  .join('\n')}
</tbody>
</table>
<p class="muted">Best is the highest value, or the lowest for losses, errors and times.</p>`;
  const figures =
    content.charts.length === 0
      ? '<p class="muted">scalars.json has no scalars to plot.</p>'
      : content.charts
          .map(
            (chart) =>
              `<figure><img src="${e(encodeURI(chart.file))}" alt="${e(chart.title)}" width="1000" height="600"><figcaption>${e(chart.title)}: ${e(chart.series.map((s) => s.label).join(', '))}</figcaption></figure>`,
          )
          .join('\n');
  const config =
    content.config === undefined
      ? '<p class="muted">The run dumped no config into vis_data.</p>'
      : `<p class="muted">${e(content.config.name)}</p>\n<pre id="config">${e(content.config.text)}</pre>`;
  const links = content.links.map(([label, href]) => `<a href="${e(encodeURI(href))}">${e(label)}</a>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Run ${e(content.runName)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>Run ${e(content.runName)}</h1><p>Training curves, final metrics and config</p></header>
<main>
<section id="facts"><h2>Run</h2>
<table>
${facts}
</table>
${links ? `<nav>${links}</nav>` : ''}
</section>
<section id="final-metrics"><h2>Final metrics</h2>
${metrics}
</section>
<section id="curves"><h2>Curves</h2>
${figures}
</section>
<section id="run-config"><h2>Config</h2>
${config}
</section>
</main>
</body>
</html>
`;
}
