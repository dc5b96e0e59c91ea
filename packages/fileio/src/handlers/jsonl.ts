import { FileIOError } from '../errors';
import { BaseFileHandler } from './base';
import { dumpJson } from './json';

/**
 * `jsonl`: one JSON value per line. Loads an array (blank lines skipped); dumps an array or other iterable, each
 * record as Python's `json.dumps` writes it (as MMEngine's `LocalVisBackend` writes `scalars.json`).
 */
export class JsonlHandler extends BaseFileHandler {
  override loadFromString(text: string): unknown[] {
    const out: unknown[] = [];
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!.trim();
      if (line === '') continue;
      try {
        out.push(JSON.parse(line));
      } catch (cause) {
        throw new FileIOError('PARSE_ERROR', `line ${i + 1}: ${(cause as Error).message}`, { cause });
      }
    }
    return out;
  }

  override dumpToString(obj: unknown): string {
    if (typeof obj === 'string' || obj == null || typeof (obj as Iterable<unknown>)[Symbol.iterator] !== 'function') {
      throw new FileIOError('SERIALIZE_ERROR', `jsonl dumps an array (one record per line), got ${typeof obj}`);
    }
    let out = '';
    for (const record of obj as Iterable<unknown>) {
      const line = dumpJson(record);
      if (line === undefined) throw new FileIOError('SERIALIZE_ERROR', `A ${typeof record} record has no JSON form`);
      out += `${line}\n`;
    }
    return out;
  }
}
