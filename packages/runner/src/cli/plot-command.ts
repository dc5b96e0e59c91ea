// `eng plot WORK_DIR`: the training curves and index.html of a run, drawn from its vis_data/scalars.json.
import { parseArgs } from 'node:util';
import { type CommandIO, describeArgsError } from '@eng/config';
import { renderRunReport, VisualizationError } from '@eng/visualization';
import { type Command, formatFailure } from './command';

export const PLOT_USAGE = `Usage: eng plot PATH [--out-dir DIR] [--width PX] [--height PX]

Draw the training curves of a run (PNG charts of the losses, learning rate, times and validation metrics in its
vis_data/scalars.json) and an index.html beside them that shows the curves, the final metrics and the config.

  PATH            a work dir (its newest run with scalars), a run folder (WORK_DIR/TIMESTAMP), its vis_data
                  folder, or a scalars.json file
  --out-dir DIR   write the PNGs and index.html there (default: the vis_data folder)
  --width PX      chart width in pixels (default 1000)
  --height PX     chart height in pixels (default 600)
  -h, --help      show this help
`;

const FLAGS = ['--out-dir', '--width', '--height', '--help'];

function pixels(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag} expects a whole number of pixels, got "${value}"`);
  return n;
}

async function plot(argv: readonly string[], io: CommandIO): Promise<number> {
  let values: {
    'out-dir'?: string | undefined;
    width?: string | undefined;
    height?: string | undefined;
    help?: boolean | undefined;
  };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        'out-dir': { type: 'string' },
        width: { type: 'string' },
        height: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    io.err(`eng plot: ${describeArgsError(error, FLAGS)}\n\n${PLOT_USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(PLOT_USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    io.err(
      `eng plot: expected one PATH (a work dir, run folder, vis_data folder or scalars.json), got ${positionals.length}\n\n${PLOT_USAGE}`,
    );
    return 2;
  }
  let width: number | undefined;
  let height: number | undefined;
  try {
    width = pixels('--width', values.width);
    height = pixels('--height', values.height);
  } catch (error) {
    io.err(`eng plot: ${(error as Error).message}\n`);
    return 2;
  }
  try {
    const report = await renderRunReport(positionals[0] as string, {
      ...(values['out-dir'] === undefined ? {} : { out_dir: values['out-dir'] }),
      ...(width === undefined ? {} : { width }),
      ...(height === undefined ? {} : { height }),
    });
    io.out(`${report.files.join('\n')}\n`);
    return 0;
  } catch (error) {
    if (error instanceof VisualizationError && error.code === 'NO_SCALARS') {
      io.err(`eng plot: ${error.message}\n`);
      return 1;
    }
    io.err(formatFailure('plot', error));
    return 1;
  }
}

export const plotCommand: Command = {
  summary: 'draw the training curves and index.html of a run: eng plot WORK_DIR',
  run: plot,
};
