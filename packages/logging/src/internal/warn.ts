import { createConsola } from 'consola/core';
import { existingCurrentLogger } from '../logger';

// Before any MMLogger exists, warnings go to stderr (as Python's `warnings.warn` would), through consola.
const fallback = createConsola({
  level: Number.POSITIVE_INFINITY,
  throttle: 0,
  reporters: [
    {
      log: (logObj) => {
        const text = `[@eng/logging] ${logObj.args.map(String).join(' ')}`;
        const stderr = (globalThis as { process?: { stderr?: { write(s: string): unknown } } }).process?.stderr;
        if (stderr) stderr.write(`${text}\n`);
        else globalThis.console.warn(text);
      },
    },
  ],
});

/** A warning from inside the package: to the current MMLogger when one exists, else to stderr. */
export function warn(message: string): void {
  const logger = existingCurrentLogger();
  if (logger) logger.warning(message);
  else fallback.warn(message);
}
