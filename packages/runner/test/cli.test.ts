import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands, main } from '../src/cli';

function capture() {
  const io = {
    stdout: '',
    stderr: '',
    out: (t: string) => void (io.stdout += t),
    err: (t: string) => void (io.stderr += t),
  };
  return io;
}

function configTree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'eng-cli-'));
  writeFileSync(join(dir, 'base.yaml'), 'optimizer: {type: SGD, lr: 0.02, momentum: 0.9}\n');
  writeFileSync(
    join(dir, 'child.json'),
    '{"_base_": "./base.yaml", "optimizer": {"lr": 0.01}, "work_dir": "./work_dirs/{{fileBasenameNoExtension}}"}',
  );
  return join(dir, 'child.json');
}

describe('eng', () => {
  it('dispatches print-config', async () => {
    const io = capture();
    const code = await main(
      ['print-config', configTree(), '--cfg-options', 'optimizer.momentum=0.8', '--format', 'json'],
      io,
    );
    expect(code).toBe(0);
    expect(JSON.parse(io.stdout)).toEqual({
      optimizer: { type: 'SGD', lr: 0.01, momentum: 0.8 },
      work_dir: './work_dirs/child',
    });
  });

  it('prints usage for no command and for an unknown one', async () => {
    let io = capture();
    expect(await main([], io)).toBe(2);
    expect(io.stderr).toContain('print-config');
    io = capture();
    expect(await main(['trian'], io)).toBe(2);
    expect(io.stderr).toContain('unknown command "trian"');
    io = capture();
    expect(await main(['--help'], io)).toBe(0);
    expect(io.stdout).toContain('Usage: eng <command>');
    expect(Object.keys(commands)).toContain('print-config');
  });

  it('has the hub command, loaded when it runs, with the summary the hub gives it', async () => {
    const { hubCommand } = await import('@eng/hub');
    expect(commands.hub?.summary).toBe(hubCommand.summary);
    const io = capture();
    expect(await main(['hub', '--help'], io)).toBe(0);
    expect(io.stdout).toContain('Usage: eng hub list PKG');
  });

  it('runs as a real process', () => {
    const cli = join(import.meta.dirname, '..', 'src', 'cli.ts');
    // jiti resolves bare imports itself (without the @eng/source condition): point it at the sources
    const packages = join(import.meta.dirname, '..', '..');
    const env = {
      ...process.env,
      JITI_ALIAS: JSON.stringify({
        '@eng/config': join(packages, 'config', 'src', 'index.ts'),
        '@eng/registry': join(packages, 'registry', 'src', 'index.ts'),
      }),
    };
    const result = spawnSync(
      process.execPath,
      ['--conditions=@eng/source', '--import', 'jiti/register', cli, 'print-config', configTree(), '--format', 'yaml'],
      { encoding: 'utf8', cwd: join(import.meta.dirname, '..'), env },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('optimizer:\n  type: SGD\n  lr: 0.01\n  momentum: 0.9\nwork_dir: ./work_dirs/child\n');
    const bad = spawnSync(process.execPath, ['--conditions=@eng/source', '--import', 'jiti/register', cli, 'nope'], {
      encoding: 'utf8',
      cwd: join(import.meta.dirname, '..'),
      env,
    });
    expect(bad.status).toBe(2);
  }, 120_000); // two processes that transpile the sources, on a shared 2-core machine
});
