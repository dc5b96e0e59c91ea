import { createRequire } from 'node:module';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import type { Chart as ChartClass, ChartConfiguration, Plugin } from 'chart.js';
import { ensureFont } from '../drawing/font';
import { type ChartSpec, smoothPoints } from './chart-plan';

/** The size of a chart's PNG, in pixels. */
export interface ChartSize {
  width: number;
  height: number;
}

/** Tableau's ten colours, the ones most plotting tools cycle through. */
export const PALETTE = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
] as const;

/** The family of the titles: the bundled DejaVu Sans Bold, under a name of its own. */
const BOLD_FAMILY = 'eng DejaVu Sans Bold';
let boldRegistered = false;

/** Registers the bundled fonts (regular through the drawing module, bold here); returns the regular family. */
function chartFonts(): { regular: string; bold: string } {
  const regular = ensureFont();
  if (!boldRegistered) {
    const file = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');
    GlobalFonts.registerFromPath(file, BOLD_FAMILY);
    boldRegistered = true;
  }
  return { regular, bold: BOLD_FAMILY };
}

let chartModule: Promise<typeof ChartClass> | undefined;

/** chart.js with its controllers, scales and plugins registered, loaded on first use. */
function loadChart(): Promise<typeof ChartClass> {
  chartModule ??= import('chart.js').then(({ Chart, registerables }) => {
    Chart.register(...registerables);
    return Chart;
  });
  return chartModule;
}

/** Paints the whole canvas white before chart.js draws (a PNG is transparent otherwise). */
const whiteBackground: Plugin<'line'> = {
  id: 'engWhiteBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

/** `rgba()` of a `#rrggbb` colour. */
function withAlpha(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

function isPowerOfTen(value: number): boolean {
  const exponent = Math.log10(value);
  return Math.abs(exponent - Math.round(exponent)) < 1e-9;
}

/** A tick label: short, in exponent form for very small or large values. */
export function formatTick(value: number): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs < 1e-3 || abs >= 1e5) return value.toExponential(abs.toExponential(1).includes('.0e') ? 0 : 1);
  return String(Number(value.toPrecision(4)));
}

/** A log axis from the power of ten below the smallest value to the one above the largest, so both ends are labelled. */
function decadeBounds(spec: ChartSpec): { min: number; max: number } {
  const ys = spec.series.flatMap((s) => s.points.map((p) => p.y)).filter((y) => y > 0);
  return {
    min: 10 ** Math.floor(Math.log10(Math.min(...ys))),
    max: 10 ** Math.ceil(Math.log10(Math.max(...ys))),
  };
}

/** The chart.js configuration of a spec: line charts on linear x axes, no animation, a fixed size. */
function configOf(spec: ChartSpec, fonts: { regular: string; bold: string }): ChartConfiguration<'line'> {
  const fontFamily = fonts.regular;
  const datasets: ChartConfiguration<'line'>['data']['datasets'] = [];
  /** The faint raw lines under a smoothed one: drawn, but not in the legend (the subtitle says what they are). */
  const raw = new Set<number>();
  spec.series.forEach((series, i) => {
    const colour = PALETTE[i % PALETTE.length] as string;
    const many = series.points.length > 40;
    const smoothed = series.smooth === true && series.points.length >= 5;
    if (smoothed) raw.add(datasets.length);
    datasets.push({
      label: smoothed ? `${series.label} (raw)` : series.label,
      data: series.points,
      borderColor: smoothed ? withAlpha(colour, 0.3) : colour,
      backgroundColor: smoothed ? withAlpha(colour, 0.3) : colour,
      borderWidth: smoothed ? 1.5 : 2.5,
      pointRadius: many || smoothed ? 0 : 3,
      tension: 0,
    });
    if (smoothed) {
      datasets.push({
        label: series.label,
        data: smoothPoints(series.points),
        borderColor: colour,
        backgroundColor: colour,
        borderWidth: 2.5,
        pointRadius: 0,
        tension: 0,
      });
    }
  });
  const epochs = spec.xUnit === 'epoch';
  const unit = spec.xUnit === 'epoch' ? 'epoch' : 'iteration';
  const grid = { color: '#e6e6e6' };
  const font = { family: fontFamily, size: 14 };
  return {
    type: 'line',
    data: { datasets },
    options: {
      animation: false,
      responsive: false,
      maintainAspectRatio: false,
      devicePixelRatio: 1,
      parsing: false,
      normalized: true,
      layout: { padding: { top: 8, right: 24, bottom: 8, left: 8 } },
      scales: {
        x: {
          type: 'linear',
          title: { display: true, text: spec.xLabel, font },
          ticks: {
            font,
            color: '#333333',
            maxTicksLimit: 11,
            ...(epochs ? { precision: 0, stepSize: 1 } : { precision: 0 }),
          },
          grid,
        },
        y: {
          type: spec.logY ? 'logarithmic' : 'linear',
          ...(spec.logY ? decadeBounds(spec) : {}),
          title: { display: true, text: spec.yLabel, font },
          ticks: {
            font,
            color: '#333333',
            maxTicksLimit: 8,
            // A log axis is labelled at the powers of ten only (its other grid lines stay unlabelled).
            ...(spec.logY ? { autoSkip: false } : {}),
            callback: (value) => (spec.logY && !isPowerOfTen(Number(value)) ? '' : formatTick(Number(value))),
          },
          grid,
        },
      },
      plugins: {
        title: {
          display: true,
          text: spec.title,
          font: { family: fonts.bold, size: 20 },
          color: '#111111',
        },
        subtitle: {
          display: true,
          text: `per ${unit}${spec.logY ? ', log scale' : ''}${raw.size > 0 ? '; faint: as logged, solid: smoothed' : ''}`,
          font: { family: fontFamily, size: 13 },
          color: '#555555',
          padding: { bottom: 6 },
        },
        legend: {
          display: true,
          position: 'top',
          labels: {
            font,
            color: '#222222',
            boxWidth: 28,
            boxHeight: 3,
            filter: (item) => item.datasetIndex === undefined || !raw.has(item.datasetIndex),
          },
        },
        tooltip: { enabled: false },
      },
    },
    plugins: [whiteBackground],
  };
}

/**
 * Draws `spec` with chart.js on a `@napi-rs/canvas` canvas (Skia) in the bundled DejaVu Sans, and returns the PNG.
 *
 * @example
 * const png = await renderChart({ file: 'loss.png', title: 'Training loss', xLabel: 'iteration', yLabel: 'loss',
 *   xUnit: 'iteration', series: [{ label: 'loss', points: [{ x: 10, y: 2.3 }, { x: 20, y: 1.9 }] }] });
 */
export async function renderChart(
  spec: ChartSpec,
  size: ChartSize = { width: 1000, height: 600 },
): Promise<Uint8Array> {
  const Chart = await loadChart();
  const fonts = chartFonts();
  const canvas = createCanvas(size.width, size.height);
  // chart.js takes any object with getContext('2d'); Skia's context has the CanvasRenderingContext2D surface it uses.
  const chart = new Chart(canvas as never, configOf(spec, fonts));
  try {
    chart.draw();
    return await canvas.encode('png');
  } finally {
    chart.destroy();
  }
}
