import { describe, expect, it } from 'vitest';
import { type CommandIO, printConfigCommand, takeCfgOptions } from '../src/index';
import { fixture } from './helpers';

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CommandIO = { out: (t) => (stdout += t), err: (t) => (stderr += t) };
  const code = await printConfigCommand(argv, io);
  return { code, stdout, stderr };
}

describe('eng print-config: a mistyped flag gets a suggestion', () => {
  it.each([
    [['--frmat', 'yaml'], '--frmat', '--format'],
    [['--frmat=yaml'], '--frmat', '--format'],
    [['--save-pth', 'x.yaml'], '--save-pth', '--save-path'],
    [['--cfg-option', 'a=1'], '--cfg-option', '--cfg-options'],
    [['--hepl'], '--hepl', '--help'],
  ])('%j', async (flags, bad, suggestion) => {
    const { code, stderr } = await run([fixture('ts/base.ts'), ...flags]);
    expect(code).toBe(2);
    expect(stderr).toContain(`eng print-config: unknown option ${bad}. Did you mean "${suggestion}"?`);
    expect(stderr).toContain('Usage: eng print-config');
  });

  it('an unrelated flag lists the flags instead', async () => {
    const { code, stderr } = await run([fixture('ts/base.ts'), '--zzzzzzzz']);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown option --zzzzzzzz; the options are --cfg-options, --format, --save-path, --help');
  });

  it('a mistyped --format value gets a suggestion', async () => {
    const { code, stderr } = await run([fixture('ts/base.ts'), '--format', 'jsn']);
    expect(code).toBe(2);
    expect(stderr).toContain('--format must be ts, json or yaml, got "jsn". Did you mean "json"?');
  });

  it('--cfg-options without a value is a usage error; --options=K=V works like --cfg-options=K=V', async () => {
    const empty = await run([fixture('ts/base.ts'), '--cfg-options', '--format', 'json']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('--cfg-options expects at least one KEY=VALUE');
    const trailing = await run([fixture('ts/base.ts'), '--cfg-options']);
    expect(trailing.code).toBe(2);
    const eq = await run([fixture('ts/base.ts'), '--options=item4=x', '--format', 'json']);
    expect(eq.code).toBe(0);
    expect(JSON.parse(eq.stdout).item4).toBe('x');
  });
});

describe('eng print-config: the values of --cfg-options end at the next flag', () => {
  it('a short flag ends them too, as in argparse', async () => {
    expect(takeCfgOptions(['c.ts', '--cfg-options', 'a=1', '-f', 'json'])).toEqual({
      cfgOptions: ['a=1'],
      rest: ['c.ts', '-f', 'json'],
    });
    const { code, stderr } = await run([fixture('ts/base.ts'), '--cfg-options', '-f', 'json']);
    expect(code).toBe(2);
    expect(stderr).toContain('--cfg-options expects at least one KEY=VALUE');
  });

  it('a CONFIG written after --cfg-options is named: it was taken for a KEY=VALUE', async () => {
    const { code, stderr } = await run(['--cfg-options', 'item4=x', fixture('ts/base.ts')]);
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe(
      `eng print-config: expected one CONFIG file, got 0 (${JSON.stringify(fixture('ts/base.ts'))} follows ` +
        '--cfg-options, which takes every argument up to the next flag: write CONFIG first)',
    );
  });
});
