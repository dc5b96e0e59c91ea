#!/usr/bin/env node
// Enforces the package graph of docs/architecture.md: each package imports only the @eng packages its layer
// allows, declares every package it imports, and lists them as tsconfig project references.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const allowed = {
  registry: [],
  fileio: [],
  logging: ['registry'],
  config: ['registry'],
  'tensor-gpu': ['logging'],
  model: ['registry', 'tensor-gpu', 'fileio', 'logging'],
  dataset: ['registry', 'fileio', 'tensor-gpu'],
  visualization: ['registry', 'fileio', 'logging', 'tensor-gpu'],
  hub: ['registry', 'config', 'fileio'],
  optim: ['registry', 'tensor-gpu', 'model', 'logging'],
  runner: [
    'registry',
    'config',
    'fileio',
    'logging',
    'tensor-gpu',
    'model',
    'optim',
    'dataset',
    'visualization',
    'hub',
  ],
};

const root = new URL('..', import.meta.url).pathname;
const problems = [];

function* sourceFiles(dir) {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|mts|cts|tsx)$/.test(name)) yield path;
  }
}

for (const pkg of readdirSync(join(root, 'packages'))) {
  const dir = join(root, 'packages', pkg);
  if (!existsSync(join(dir, 'package.json'))) continue;
  if (!(pkg in allowed)) {
    problems.push(
      `packages/${pkg}: not in the architecture table (scripts/check-architecture.mjs, docs/architecture.md)`,
    );
    continue;
  }
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const runtime = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })
    .filter((d) => d.startsWith('@eng/'))
    .map((d) => d.slice(5));
  const dev = Object.keys(manifest.devDependencies ?? {})
    .filter((d) => d.startsWith('@eng/'))
    .map((d) => d.slice(5));
  for (const dep of runtime) {
    if (!allowed[pkg].includes(dep))
      problems.push(`@eng/${pkg} depends on @eng/${dep}, which its layer may not import`);
  }
  if (pkg === 'registry' && Object.keys(manifest.dependencies ?? {}).length > 0) {
    problems.push('@eng/registry must have no runtime dependencies');
  }
  const tsconfig = JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8'));
  const refs = (tsconfig.references ?? []).map((r) => r.path.replace('../', ''));
  for (const dep of [...runtime, ...dev]) {
    if (!refs.includes(dep)) problems.push(`packages/${pkg}/tsconfig.json: add { "path": "../${dep}" } to references`);
  }
  for (const file of sourceFiles(join(dir, 'src'))) {
    const text = readFileSync(file, 'utf8');
    const isTest = /\.test(-d)?\.ts$/.test(file);
    for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*)['"]@eng\/([a-z-]+)['"]/g)) {
      const dep = m[1];
      const declared = runtime.includes(dep) || (isTest && dev.includes(dep));
      if (dep !== pkg && !declared) {
        problems.push(`${relative(root, file)} imports @eng/${dep}, not declared in packages/${pkg}/package.json`);
      }
    }
  }
}

if (problems.length) {
  console.error(`architecture check: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('architecture check: every package stays in its layer');
