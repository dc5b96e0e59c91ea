/** A fenced code block of a Markdown file. */
export interface CodeBlock {
  /** The fence's language tag (`ts`, `js`, `sh`, ...), lower case; `''` when the fence has none. */
  readonly lang: string;
  /** The block's text, without the fences and without the indentation the fence itself has. */
  readonly code: string;
  /** 1-based line of the first line of code (the line after the opening fence). */
  readonly line: number;
  /** The text of the nearest heading above the block (`''` before the first heading). */
  readonly heading: string;
  /** The paragraph right above the block (its non-blank lines, joined by spaces), markers excluded. */
  readonly before: string;
  /**
   * What the `<!-- example: ... -->` comment right above the block says: `skip` (optionally `skip: why`) keeps it
   * from running; any other word names the block for `Readme.block(name)`.
   */
  readonly marker: string | undefined;
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)[^`]*$/;
const MARKER = /^\s*<!--\s*example:\s*(.*?)\s*-->\s*$/;
const HEADING = /^#{1,6}\s+(.*?)\s*#*\s*$/;

/** The fenced code blocks of a Markdown text, in order. */
export function parseCodeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: CodeBlock[] = [];
  let heading = '';
  let paragraph: string[] = [];
  let afterBlank = false;
  let marker: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] as string;
    const open = FENCE.exec(text);
    if (!open) {
      const head = HEADING.exec(text);
      const mark = MARKER.exec(text);
      if (head) {
        heading = head[1] as string;
        paragraph = [];
        marker = undefined;
      } else if (mark) marker = mark[1];
      else if (text.trim() === '') afterBlank = true;
      else {
        if (afterBlank) paragraph = [];
        afterBlank = false;
        paragraph.push(text.trim());
        // a marker belongs to the block right below it, not to one after a paragraph
        marker = undefined;
      }
      continue;
    }
    const [, indent = '', fence = ''] = open;
    const lang = (open[3] ?? '').toLowerCase();
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const inner = lines[j] as string;
      const close = /^(\s*)(`{3,}|~{3,})\s*$/.exec(inner);
      if (close && close[2]?.[0] === fence[0] && (close[2]?.length ?? 0) >= fence.length) break;
      body.push(inner.startsWith(indent) ? inner.slice(indent.length) : inner.trimStart());
    }
    blocks.push({ lang, code: `${body.join('\n')}\n`, line: i + 2, heading, before: paragraph.join(' '), marker });
    paragraph = [];
    afterBlank = false;
    marker = undefined;
    i = j;
  }
  return blocks;
}

const RUNNABLE = new Set(['ts', 'typescript', 'mts', 'js', 'javascript', 'mjs']);

/** Whether a block is an example to run: TypeScript or JavaScript, and not marked `skip`. */
export function isRunnable(block: CodeBlock): boolean {
  return RUNNABLE.has(block.lang) && !/^skip\b/.test(block.marker ?? '');
}
