#!/usr/bin/env node
// Assembles the package's WebAssembly text kernels (src/kernels/wasm/simd/*.wat) with wabt, the WebAssembly Binary
// Toolkit built for JavaScript, into <name>.wasm.ts modules holding the binary as base64, so the sources, the
// builds and a browser bundle all carry the kernels without a loader of their own. Runs before every build;
// `--check` fails when a generated module is out of date with its .wat (the test suite runs it).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import createWabt from 'wabt';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'kernels', 'wasm', 'simd');

/** The generated TypeScript module for one .wat file's text. */
export async function assemble(name, text) {
  const wabt = await createWabt();
  const module = wabt.parseWat(name, text, { simd: true, bulk_memory: true });
  try {
    module.resolveNames();
    module.validate();
    const { buffer } = module.toBinary({});
    const base64 = Buffer.from(buffer).toString('base64');
    const lines = base64.match(/.{1,112}/g) ?? [];
    return [
      `// Generated from ${name} by scripts/assemble-wat.mjs: do not edit; edit the .wat and run \`pnpm assemble\`.`,
      `export const WASM_BASE64 =`,
      ...lines.map((line, i) => `  '${line}'${i === lines.length - 1 ? ';' : ' +'}`),
      '',
    ].join('\n');
  } finally {
    module.destroy();
  }
}

async function main() {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.wat'))) {
    const target = join(dir, file.replace(/\.wat$/, '.wasm.ts'));
    const generated = await assemble(file, readFileSync(join(dir, file), 'utf8'));
    let current = '';
    try {
      current = readFileSync(target, 'utf8');
    } catch {}
    if (current === generated) continue;
    if (check) {
      console.error(`${target} is out of date with ${file}: run \`pnpm --filter @eng/tensor-gpu assemble\``);
      stale++;
    } else {
      writeFileSync(target, generated);
      console.log(`assembled ${file} -> ${target}`);
    }
  }
  process.exit(stale === 0 ? 0 : 1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
