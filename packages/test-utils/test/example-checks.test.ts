import { describe, expect, it } from 'vitest';
import { commentStart, findChecks, instrument, topLevelNames } from '../src/example-checks';

describe('commentStart', () => {
  it('finds a line comment outside strings', () => {
    expect(commentStart("get('https://host/x'); // note")).toBe(23);
    expect(commentStart('const s = "a // b";')).toBe(-1);
    expect(commentStart("const s = 'it\\'s // here';")).toBe(-1);
  });
});

describe('findChecks', () => {
  it('reads `→` and `prints` comments; other comments are prose', () => {
    const code = [
      'const x = f(); // → 3',
      "console.log(x, 'y'); // → 3 y",
      'logger.info(line); // prints INFO - hello',
      'g(); // retried on failure',
      '// → on a line of its own',
      'console.log(x); // prints: 3',
    ].join('\n');
    expect(findChecks(code)).toEqual([
      { line: 1, kind: 'value', expected: '3' },
      { line: 2, kind: 'output', expected: '3 y' },
      { line: 3, kind: 'output', expected: 'INFO - hello' },
      { line: 6, kind: 'output', expected: '3' },
    ]);
  });
});

describe('instrument', () => {
  const probe = 'globalThis[Symbol.for("@eng/test-utils/example-probe")]';
  const run = (code: string) => instrument(code, findChecks(code)).split('\n');

  it('keeps every line where it is and adds the bindings on a last line', () => {
    const lines = run('const a = 1;\nlet b = a + 1; // → 2\n');
    expect(lines[0]).toBe('const a = 1;');
    expect(lines[1]).toBe(`let b = a + 1; ${probe}.value(2, b); // → 2`);
    expect(lines[2]).toBe(`;${probe}.bindings({ a, b });`);
  });

  it('wraps an expression statement, awaited or not', () => {
    expect(run('  await load(x); // → 1')[0]).toBe(`  ${probe}.value(1, (await load(x))); // → 1`);
    expect(run('f() // → 1')[0]).toBe(`${probe}.value(1, (f())); // → 1`);
  });

  it('brackets a printing statement with start and end', () => {
    expect(run('console.log(a); // → 1')[0]).toBe(`${probe}.start(1); console.log(a); ${probe}.end(1); // → 1`);
  });

  it('finds the start of a statement that spans lines', () => {
    const lines = run('const m = build([\n  { type: "A" },\n]); // → [A]\nfoo(\n  1,\n); // → 2');
    expect(lines[2]).toBe(`]); ${probe}.value(3, m); // → [A]`);
    expect(lines[3]).toBe(`${probe}.value(6, (foo(`);
    expect(lines[5]).toBe(`))); // → 2`);
  });

  it('refuses a check on a statement without a value', () => {
    expect(() => run('for (const x of y) f(x); // → 1')).toThrow(/line 1 of the example: only an expression/);
    expect(() => run('const [a, b] = f(); // → 1')).toThrow(/only an expression/);
  });
});

describe('topLevelNames', () => {
  it('collects top-level declarations, not nested ones', () => {
    const code = `import { X } from 'x';
const a = 1, ignored = 2;
let { b, c: d, ...e } = f();
const [g, , h = 1] = i;
class K {
  m() { const inner = 1; }
}
async function l() {}
for (let i = 0; i < 2; i++) { const loop = i; }
export const n = 2;
`;
    expect(topLevelNames(code)).toEqual(['a', 'b', 'd', 'e', 'g', 'h', 'K', 'l', 'n']);
  });
});
