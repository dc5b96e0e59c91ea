import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReadme } from '../src/readme';
import { freshDir } from '../src/temp-dir';

function packageWithReadme(text: string): string {
  const dir = freshDir('read-readme');
  writeFileSync(join(dir, 'README.md'), text);
  return dir;
}

const text = `# demo

\`configs/a.json\`

\`\`\`json
{ "a": 1 }
\`\`\`

<!-- example: main -->
\`\`\`ts
console.log(1); // → 1
\`\`\`

It prints the merged result:

<!-- example: skip (output) -->
\`\`\`ts
export default {};
\`\`\`
`;

describe('readReadme', () => {
  const readme = readReadme(packageWithReadme(text));

  it('lists the examples to run', () => {
    expect(readme.examples.map((b) => b.line)).toEqual([11]);
  });

  it('finds a block by its marker, or by what the README says right above it', () => {
    expect(readme.block('main').code).toBe('console.log(1); // → 1\n');
    expect(readme.blockAfter('`configs/a.json`').code).toBe('{ "a": 1 }\n');
    expect(readme.blockAfter('prints the merged result').code).toBe('export default {};\n');
    // text inside a block points at the next block
    expect(readme.blockAfter('"a": 1').line).toBe(11);
  });

  it('says what it cannot find', () => {
    expect(() => readme.block('other')).toThrow(/has no block marked <!-- example: other -->/);
    expect(() => readme.blockAfter('not there')).toThrow(/does not say "not there"/);
    expect(() => readme.blockAfter('export default')).toThrow(/has no code block after "export default"/);
  });
});
