// Messages go through @eng/logging's current logger, as MMEngine's `print_log(..., logger='current')`.
import { printLog } from '@eng/logging';

export function logInfo(message: string): void {
  printLog(message, { logger: 'current', level: 'INFO' });
}

export function logWarning(message: string): void {
  printLog(message, { logger: 'current', level: 'WARNING' });
}

export function logDebug(message: string): void {
  printLog(message, { logger: 'current', level: 'DEBUG' });
}
