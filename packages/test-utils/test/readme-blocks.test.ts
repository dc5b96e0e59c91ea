import { describe, expect, it } from 'vitest';
import { isRunnable, parseCodeBlocks } from '../src/readme-blocks';

const markdown = `# @eng/demo

Intro.

\`\`\`sh
npm install @eng/demo
\`\`\`

## Example

The example:

\`\`\`ts
const a = 1;
console.log(a); // → 1
\`\`\`

<!-- example: skip -->
\`\`\`ts
override trainStep() {}
\`\`\`

- a list item with a block:

  \`\`\`json
  { "name": "x" }
  \`\`\`

<!-- example: config-file -->

\`\`\`js
export default { a: 1 };
\`\`\`

### Output

<!-- example: skip -->

Some prose in between.

\`\`\`
plain text
\`\`\`
`;

describe('parseCodeBlocks', () => {
  const blocks = parseCodeBlocks(markdown);

  it('finds every fenced block with its language, line and heading', () => {
    expect(blocks.map((b) => [b.lang, b.line, b.heading])).toEqual([
      ['sh', 6, '@eng/demo'],
      ['ts', 14, 'Example'],
      ['ts', 20, 'Example'],
      ['json', 26, 'Example'],
      ['js', 32, 'Example'],
      ['', 42, 'Output'],
    ]);
  });

  it('keeps the code without the fences and without the fence’s own indentation', () => {
    expect(blocks[1]?.code).toBe('const a = 1;\nconsole.log(a); // → 1\n');
    expect(blocks[3]?.code).toBe('{ "name": "x" }\n');
  });

  it('records the paragraph above a block', () => {
    expect(blocks[1]?.before).toBe('The example:');
    expect(blocks[3]?.before).toBe('- a list item with a block:');
  });

  it('reads the marker right above a block, across blank lines but not across a paragraph', () => {
    expect(blocks.map((b) => b.marker)).toEqual([undefined, undefined, 'skip', undefined, 'config-file', undefined]);
  });

  it('runs TypeScript and JavaScript blocks that are not marked skip', () => {
    expect(blocks.map(isRunnable)).toEqual([false, true, false, false, true, false]);
  });

  it('does not end a block at a shorter fence or a fence of the other kind', () => {
    const [block] = parseCodeBlocks('````md\n```ts\nx\n```\n~~~\n````\n');
    expect(block?.code).toBe('```ts\nx\n```\n~~~\n');
  });
});
