/** Python `logging`'s numeric levels, which MMLogger keeps: a record passes a threshold when `level >= threshold`. */
export const LogLevel = {
  NOTSET: 0,
  DEBUG: 10,
  INFO: 20,
  WARNING: 30,
  ERROR: 40,
  CRITICAL: 50,
} as const;

export type LogLevelName = keyof typeof LogLevel;

/** A level as users write it: a number, or a name in upper or lower case (`'INFO'`, `'info'`, `'WARN'`, `'FATAL'`). */
export type LevelLike = number | LogLevelName | Lowercase<LogLevelName> | 'WARN' | 'warn' | 'FATAL' | 'fatal';

const ALIASES: Record<string, number> = { WARN: LogLevel.WARNING, FATAL: LogLevel.CRITICAL };

/** The numeric level of `level`; throws a `TypeError` naming the valid names for anything else. */
export function resolveLevel(level: LevelLike | string): number {
  if (typeof level === 'number') {
    if (!Number.isFinite(level)) throw new TypeError(`log level must be a finite number, but got ${level}`);
    return level;
  }
  if (typeof level === 'string') {
    const key = level.toUpperCase();
    const found = (LogLevel as Record<string, number>)[key] ?? ALIASES[key];
    if (found !== undefined) return found;
    throw new TypeError(`unknown log level '${level}'; expected one of ${Object.keys(LogLevel).join(', ')} (any case)`);
  }
  throw new TypeError(`log level must be a number or a level name, but got ${typeof level}`);
}

/** `'INFO'` for 20, `'Level 25'` for a level without a name, as Python's `logging.getLevelName`. */
export function levelName(level: number): string {
  for (const [name, value] of Object.entries(LogLevel)) if (value === level) return name;
  return `Level ${level}`;
}
