// How config values are named in error messages, in the words of the data (`dict`, `list`, `number`, ...).
import { isClassSyntax } from '@eng/internal';
import { isDict } from './dict';

/** A short name for the type of a config value. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (isDict(value)) return 'dict';
  if (typeof value === 'function') return isClassSyntax(value) ? 'class' : 'function';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value;
}

/** A one-line preview of a value for error messages. */
export function preview(value: unknown, max = 80): string {
  let text: string;
  try {
    text =
      JSON.stringify(value, (_k, v) => (typeof v === 'function' ? `[${typeName(v)} ${v.name}]` : v)) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}
