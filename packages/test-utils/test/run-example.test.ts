import { describe, expect, it } from 'vitest';
import { ExampleMismatchError, runExample } from '../src/run-example';

const packageDir = new URL('..', import.meta.url).pathname;

describe('runExample', () => {
  it('runs TypeScript, checks → and prints comments, and returns output and bindings', async () => {
    const code = `const double = (n: number): number => n * 2;
const four = double(2); // → 4
console.log('sum', { a: [1, 2] }); // → sum { a: [1, 2] }
process.stdout.write('direct\\n'); // prints direct
for (const i of [1, 2]) {
  console.log(i); // → 1
}
double(5); // → 10, the double of 5
`;
    const result = await runExample(code, { packageDir });
    expect(result.printed).toBe('sum { a: [ 1, 2 ] }\ndirect\n1\n2\n');
    expect(result.checks.map((c) => c.ok)).toEqual([true, true, true, true, true]);
    expect(Object.keys(result.bindings)).toEqual(['double', 'four']);
    expect(result.bindings.four).toBe(4);
  });

  it('names the README line of each comment that does not hold', async () => {
    const code = [
      'const a = 1; // → 2',
      'if (a > 5) console.log(a); // prints 1',
      'function never() {',
      '  console.log(a); // → 1',
      '}',
    ].join('\n');
    const run = runExample(code, { packageDir, source: 'README.md', line: 10 });
    await expect(run).rejects.toBeInstanceOf(ExampleMismatchError);
    await expect(run).rejects.toThrow(
      [
        'README.md:10: the comment says → 2',
        '    but it gave 1',
        '  README.md:11: the comment says it prints 1',
        '    but it printed nothing',
        '  README.md:13: the checked statement never ran',
      ].join('\n'),
    );
  });

  it('lets the example throw its own error', async () => {
    await expect(runExample("throw new Error('boom');\n", { packageDir })).rejects.toThrow('boom');
  });

  it('runs in the given directory with the given environment, and restores both', async () => {
    const cwd = process.cwd();
    const dir = (await import('node:os')).tmpdir();
    const result = await runExample('console.log(process.cwd(), process.env.EXAMPLE_FLAG);\n', {
      packageDir,
      cwd: dir,
      env: { EXAMPLE_FLAG: 'on' },
    });
    expect(result.printed).toBe(`${(await import('node:fs')).realpathSync(dir)} on\n`);
    expect(process.cwd()).toBe(cwd);
    expect(process.env.EXAMPLE_FLAG).toBeUndefined();
  });

  it('applies replacements before running', async () => {
    const result = await runExample("console.log('/tmp/eng-demo/x'); // → /fresh/x\n", {
      packageDir,
      replace: [['/tmp/eng-demo', '/fresh']],
    });
    expect(result.checks[0]?.ok).toBe(true);
  });
});
