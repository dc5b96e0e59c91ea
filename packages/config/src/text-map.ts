// Text substitutions that remember where they happened, so that a parse error in the substituted text
// is reported at the line and column of the file the user wrote.

interface Edit {
  /** start and end of the replacement in the output */
  outStart: number;
  outEnd: number;
  /** start and end of the replaced text in the input */
  inStart: number;
  inEnd: number;
}

export class OffsetMap {
  private readonly _layers: Edit[][] = [];

  push(edits: Edit[]): void {
    if (edits.length > 0) this._layers.push(edits);
  }

  /** Maps an offset in the final text back to an offset in the original text. */
  toOriginal(offset: number): number {
    let pos = offset;
    for (let l = this._layers.length - 1; l >= 0; l--) {
      const edits = this._layers[l] as Edit[];
      let delta = 0;
      let mapped: number | undefined;
      for (const edit of edits) {
        if (pos < edit.outStart) break;
        if (pos < edit.outEnd) {
          mapped = edit.inStart;
          break;
        }
        delta = edit.inEnd - edit.outEnd;
      }
      pos = mapped ?? pos + delta;
    }
    return pos;
  }
}

/**
 * `text.replace(regex, fn)` that records its edits in `map`. `fn` returns undefined to leave a match alone.
 */
export function replaceMapped(
  text: string,
  regex: RegExp,
  fn: (match: RegExpExecArray) => string | undefined,
  map: OffsetMap,
): string {
  regex.lastIndex = 0;
  let out = '';
  let last = 0;
  const edits: Edit[] = [];
  for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
    if (m[0] === '') {
      regex.lastIndex++;
      continue;
    }
    const replacement = fn(m);
    if (replacement === undefined) continue;
    out += text.slice(last, m.index);
    const outStart = out.length;
    out += replacement;
    edits.push({ outStart, outEnd: out.length, inStart: m.index, inEnd: m.index + m[0].length });
    last = m.index + m[0].length;
  }
  if (edits.length === 0) return text;
  map.push(edits);
  return out + text.slice(last);
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}
