import { BaseFileHandler } from './base';

/** `txt`: the file's text as it is; dumping writes `String(obj)`. */
export class TextHandler extends BaseFileHandler {
  override loadFromString(text: string): string {
    return text;
  }

  override dumpToString(obj: unknown): string {
    return String(obj);
  }
}
