import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshDir } from './temp-dir';

/** Packs the package with `pnpm pack` (what `publish` would upload) and returns the tarball's path. */
export function packPackage(packageDir: string): string {
  const dir = freshDir('pack');
  execFileSync('pnpm', ['pack', '--pack-destination', dir], { cwd: packageDir, stdio: 'pipe' });
  const file = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  if (!file) throw new Error(`pnpm pack produced no tarball for ${packageDir}`);
  return join(dir, file);
}

/** The paths inside a tarball (`package/dist/index.js`, ...). */
export function tarballFiles(tarball: string): string[] {
  return execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

/**
 * A fresh npm project (`@acme/<name>`, outside the monorepo) with the tarball installed by npm, offline: fits a
 * package without dependencies, or one whose dependencies npm already has in its cache.
 */
export function installPacked(tarball: string, name: string): string {
  const dir = freshDir(`install-${name}`);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `@acme/${name}`, version: '1.0.0', private: true }));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], {
    cwd: dir,
    stdio: 'pipe',
  });
  return dir;
}
