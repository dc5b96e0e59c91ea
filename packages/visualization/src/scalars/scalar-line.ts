import { describe } from '@eng/internal';
import { VisualizationError } from '../errors';

/** A scalar as the backends take it: a number, a one-element tensor (anything with `dataSync()`), or `[x]` / `[[x]]`. */
export type ScalarValue = number | { dataSync(): ArrayLike<number>; size?: number } | readonly unknown[];

/** Reads a scalar back to a number (MMEngine's backends call `.item()` on tensors); `where` names it in errors. */
export function toScalarNumber(value: unknown, where: string): number {
  let v: unknown = value;
  while (Array.isArray(v) && v.length === 1) v = v[0];
  if (typeof v === 'number') return v;
  if (v !== null && typeof v === 'object' && typeof (v as { dataSync?: unknown }).dataSync === 'function') {
    const data = (v as { dataSync(): ArrayLike<number> }).dataSync();
    if (data.length === 1 && typeof data[0] === 'number') return data[0];
    throw new VisualizationError(
      'BAD_SCALAR',
      `${where} must hold exactly one number, but the tensor has ${data.length}`,
    );
  }
  throw new VisualizationError(
    'BAD_SCALAR',
    `${where} must be a number, a one-element tensor or a one-element array, got ${describe(value)}`,
  );
}

/**
 * One line of a scalars file: the JSON object with Python's separators (`{"loss": 0.5, "step": 1}`), as MMEngine's
 * `json.dump` writes it, and a newline. JSON has no NaN or Infinity: they are written as `null`.
 */
export function scalarLine(record: Readonly<Record<string, number>>): string {
  const parts = Object.keys(record).map((key) => {
    const value = record[key] as number;
    return `${JSON.stringify(key)}: ${Number.isFinite(value) ? JSON.stringify(value) : 'null'}`;
  });
  return `{${parts.join(', ')}}\n`;
}
