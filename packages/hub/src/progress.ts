// A download's progress bar on stderr (cli-progress), drawn only on a terminal and for files worth watching.
import { SingleBar } from 'cli-progress';

export interface DownloadProgress {
  update(received: number): void;
  stop(): void;
}

const MIB = 1024 * 1024;
const QUIET: DownloadProgress = { update() {}, stop() {} };

const mib = (bytes: number): string => (bytes / MIB).toFixed(1);

/** A bar for a download of `size` bytes (unknown: `undefined`): shown when asked, or on a terminal above 1 MiB. */
export function progressFor(name: string, size: number | undefined, show?: boolean): DownloadProgress {
  const stream = process.stderr;
  const wanted = show ?? (stream.isTTY === true && (size === undefined || size > MIB));
  if (!wanted) return QUIET;
  const bar = new SingleBar({
    stream,
    format: `downloading ${name} {bar} {percentage}% {done}/{all} MiB`,
    hideCursor: true,
    clearOnComplete: false,
    noTTYOutput: !stream.isTTY,
    notTTYSchedule: 2000,
  });
  const total = size ?? 0;
  bar.start(total, 0, { done: mib(0), all: size === undefined ? '?' : mib(size) });
  return {
    update(received) {
      if (size === undefined) bar.setTotal(received);
      bar.update(received, { done: mib(received) });
    },
    stop() {
      bar.stop();
    },
  };
}
