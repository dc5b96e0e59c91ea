import { SingleBar } from 'cli-progress';
import { Hook } from '../hooks/hook';
import type { Runner } from '../runner/runner';

type ConsoleSink = { kind: string; level: number };

const WARNING = 30;

/** A number for the bar: 4 significant digits, or '-' before there is one. */
const show = (value: number | undefined): string =>
  value === undefined || !Number.isFinite(value) ? '-' : value.toPrecision(4);

function eta(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '-';
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * A live progress bar for a terminal (the `eng` CLI registers it): one bar per train epoch with the iteration, the
 * loss, the learning rate and the ETA. While it is drawn, the logger's console lines below WARNING go to the log
 * file only (they would tear the bar); validation results print as usual between epochs.
 */
export class ProgressBarHook extends Hook {
  override priority: Hook['priority'] = 'LOWEST';
  private _bar: SingleBar | undefined;
  private _quieted: Array<[ConsoleSink, number]> = [];
  private readonly _stream: NodeJS.WriteStream;

  constructor(stream: NodeJS.WriteStream = process.stderr) {
    super();
    this._stream = stream;
  }

  override beforeTrainEpoch(runner: Runner): void {
    const total = runner.trainDataloader.length;
    const byEpoch = runner.maxEpochs > 1 || runner.trainLoop.constructor.name === 'EpochBasedTrainLoop';
    this._bar = new SingleBar({
      stream: this._stream,
      format: `${byEpoch ? `epoch ${runner.epoch + 1}/${runner.maxEpochs} ` : ''}{bar} {value}/{total}  loss {loss}  lr {lr}  eta {eta}`,
      barsize: 24,
      hideCursor: true,
      clearOnComplete: false,
      fps: 8,
    });
    const start = byEpoch ? (runner.trainLoop.state.batchInEpoch ?? 0) : runner.iter;
    this._bar.start(byEpoch ? total : runner.maxIters, start, { loss: '-', lr: '-', eta: '-' });
    this._quiet(runner);
  }

  override afterTrainIter(runner: Runner, batchIdx: number, _batch?: unknown, outputs?: Record<string, number>): void {
    const hub = runner.messageHub;
    const lr = (() => {
      try {
        return hub.getScalar('train/lr').current();
      } catch {
        return undefined;
      }
    })();
    const byEpoch = this._bar?.getTotal() === runner.trainDataloader.length;
    this._bar?.update(byEpoch ? batchIdx + 1 : runner.iter + 1, {
      loss: show(outputs?.loss),
      lr: show(lr),
      eta: eta(hub.getInfo('eta') as number | undefined),
    });
  }

  override afterTrainEpoch(): void {
    this._stop();
  }

  override afterTrain(): void {
    this._stop();
  }

  private _quiet(runner: Runner): void {
    for (const sink of (runner.logger as unknown as { sinks: ConsoleSink[] }).sinks) {
      if (sink.kind === 'console' && sink.level < WARNING) {
        this._quieted.push([sink, sink.level]);
        sink.level = WARNING;
      }
    }
  }

  private _stop(): void {
    this._bar?.stop();
    this._bar = undefined;
    for (const [sink, level] of this._quieted) sink.level = level;
    this._quieted = [];
  }
}
