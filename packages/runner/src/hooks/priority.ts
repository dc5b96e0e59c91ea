import { didYouMean } from '@eng/internal';
import { RunnerError } from '../errors';

/** MMEngine's hook priorities: a smaller number runs earlier. */
export const Priority = Object.freeze({
  HIGHEST: 0,
  VERY_HIGH: 10,
  HIGH: 30,
  ABOVE_NORMAL: 40,
  NORMAL: 50,
  BELOW_NORMAL: 60,
  LOW: 70,
  VERY_LOW: 90,
  LOWEST: 100,
} as const);

export type PriorityName = keyof typeof Priority;

/** A priority as a hook or a config gives it: a number from 0 to 100 or one of {@link Priority}'s names. */
export type PriorityLike = number | PriorityName | Lowercase<PriorityName>;

/** The number of a priority (MMEngine's `get_priority`): names in either case, integers 0 to 100. */
export function getPriority(priority: unknown): number {
  if (typeof priority === 'number') {
    if (Number.isInteger(priority) && priority >= 0 && priority <= 100) return priority;
    throw new RunnerError('BAD_PRIORITY', `a hook priority must be an integer from 0 to 100, got ${priority}`);
  }
  if (typeof priority === 'string') {
    const key = priority.toUpperCase();
    if (Object.hasOwn(Priority, key)) return Priority[key as PriorityName];
    const hint = didYouMean(key, Object.keys(Priority));
    throw new RunnerError(
      'BAD_PRIORITY',
      `unknown hook priority "${priority}". ${hint ? `${hint} ` : ''}Valid: ${Object.keys(Priority).join(', ')}, or 0 to 100`,
    );
  }
  throw new RunnerError('BAD_PRIORITY', `a hook priority must be a number or a name, got ${typeof priority}`);
}
