// Log output goes to the current MMLogger (MMEngine's print_log(msg, logger='current')); scalars to the MessageHub.
import { MessageHub, printLog as engPrintLog } from '@eng/logging';

export type Level = 'info' | 'warning';

export function printLog(message: string, level: Level = 'info'): void {
  engPrintLog(message, { logger: 'current', level: level === 'warning' ? 'WARNING' : 'INFO' });
}

/** The part of MessageHub the optimizer wrapper uses. */
export interface MessageHubLike {
  updateScalar(key: string, value: number, count?: number): void;
}

/** MessageHub.getCurrentInstance() (MMEngine creates the 'mmengine' hub when none exists). */
export function currentMessageHub(): MessageHubLike {
  return MessageHub.getCurrentInstance();
}
