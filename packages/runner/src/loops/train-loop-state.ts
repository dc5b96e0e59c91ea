/** Where a train loop is: epochs and iterations done, the batch inside the epoch, and which hook point runs. */
export interface TrainPosition {
  epoch: number;
  iter: number;
  /** Batches of `epoch` already trained on (0 at an epoch boundary). */
  batchInEpoch: number;
}

/**
 * The counters of a train loop (MMEngine's `_epoch`, `_iter`) plus what exact resume needs: the batch inside the
 * current epoch, and whether `afterTrainIter` / `afterTrainEpoch` hooks are running. MMEngine's hooks see the
 * counters of the iteration that is ending, so a checkpoint saved from those hooks records the position after it
 * ({@link TrainLoopState.resumePoint}).
 */
export class TrainLoopState implements TrainPosition {
  epoch = 0;
  iter = 0;
  batchInEpoch = 0;
  /** Set while the hooks after an iteration or an epoch run. */
  phase: 'afterIter' | 'afterEpoch' | undefined;
  private _resumeBatch = 0;

  /** The batch index an epoch starts at: a resumed position once, then 0. */
  startEpoch(): number {
    const start = this._resumeBatch;
    this._resumeBatch = 0;
    this.batchInEpoch = start;
    return start;
  }

  /** The position a run resumed from a checkpoint taken now continues at. */
  resumePoint(): TrainPosition {
    if (this.phase === 'afterIter')
      return { epoch: this.epoch, iter: this.iter + 1, batchInEpoch: this.batchInEpoch + 1 };
    if (this.phase === 'afterEpoch') return { epoch: this.epoch + 1, iter: this.iter, batchInEpoch: 0 };
    return { epoch: this.epoch, iter: this.iter, batchInEpoch: this.batchInEpoch };
  }

  /** Restores a position a checkpoint saved; the next epoch starts at its batch. */
  restore(position: TrainPosition): void {
    this.epoch = position.epoch;
    this.iter = position.iter;
    this.batchInEpoch = position.batchInEpoch;
    this._resumeBatch = position.batchInEpoch;
    this.phase = undefined;
  }
}
