// JSON configs: JSON.parse, never code. On a syntax error a small scanner finds the offset V8 does not
// always report, so the error can name the line and column.
import { ConfigParseError } from '../errors';
import { lineColumn, type OffsetMap } from '../text-map';

export function parseJson(text: string, file: string, original: string, map: OffsetMap): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const offset = findJsonError(text);
    const position = lineColumn(original, map.toOriginal(offset.at));
    throw new ConfigParseError(file, offset.reason, position, error);
  }
}

interface JsonFault {
  at: number;
  reason: string;
}

class Fault extends Error {
  constructor(
    readonly at: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** Finds the first syntax error of a JSON text (RFC 8259). */
export function findJsonError(text: string): JsonFault {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const fail = (reason: string): never => {
    throw new Fault(i, reason);
  };
  const describe = () => (i >= text.length ? 'end of input' : JSON.stringify(text[i]));
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`unexpected ${describe()}`);
  };
  const string = () => {
    i++;
    while (i < text.length) {
      const c = text[i] as string;
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('invalid \\u escape in string');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else fail('invalid escape in string');
      } else if (c < ' ') fail('control character in string (unterminated string?)');
      else i++;
    }
    fail('unterminated string');
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m || m[0] === '' || m[0] === '-') fail(`unexpected ${describe()}`);
    i += (m as RegExpExecArray)[0].length;
  };
  const key = () => {
    ws();
    if (text[i] !== '"') fail(`expected a property name in double quotes, found ${describe()}`);
    string();
    ws();
    if (text[i] !== ':') fail(`expected ':' after property name, found ${describe()}`);
    i++;
  };
  // one value, with an explicit stack of the open containers: deep nesting cannot overflow the call stack
  const value = (): void => {
    const open: Array<'{' | '['> = [];
    for (;;) {
      ws();
      const c = text[i];
      if (c === '{' || c === '[') {
        i++;
        ws();
        if (text[i] === (c === '{' ? '}' : ']')) i++;
        else {
          open.push(c);
          if (c === '{') key();
          continue;
        }
      } else if (c === '"') string();
      else if (c === 't') literal('true');
      else if (c === 'f') literal('false');
      else if (c === 'n') literal('null');
      else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
      else fail(`unexpected ${describe()}`);
      // a value is complete: close the containers it ends, or go on to the next item
      for (;;) {
        const top = open.at(-1);
        if (top === undefined) return;
        ws();
        if (text[i] === ',') {
          i++;
          if (top === '{') key();
          break;
        }
        if (text[i] === (top === '{' ? '}' : ']')) {
          i++;
          open.pop();
          continue;
        }
        fail(
          top === '{'
            ? `expected ',' or '}' after property value, found ${describe()}`
            : `expected ',' or ']' after array element, found ${describe()}`,
        );
      }
    }
  };
  try {
    value();
    ws();
    if (i < text.length) fail(`unexpected ${describe()} after the end of the JSON value`);
    return { at: text.length, reason: 'invalid JSON' };
  } catch (error) {
    if (error instanceof Fault) return { at: error.at, reason: error.reason };
    throw error;
  }
}
