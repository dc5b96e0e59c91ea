#!/usr/bin/env node
// Enforces the package graph of docs/architecture.md on the code: which @eng packages each package may import
// (from src/, test/, test-dist/ and bench/), what it declares in package.json, its tsconfig project references,
// where the private packages may be used, that TensorFlow.js is only imported by @eng/tensor-gpu, and that the
// doc's layer table and graph say the same as the table below.
//
//   node scripts/check-architecture.mjs [repository root]     (default: this repository)
//
// Every problem is one line `<file>[:line]: [rule] message`; the exit code is 1 when there is any.
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The public packages: their layer and the @eng packages their `src/` may import. */
export const LAYERS = {
  registry: { layer: 0, mayImport: [] },
  fileio: { layer: 0, mayImport: [] },
  logging: { layer: 1, mayImport: ['registry'] },
  config: { layer: 1, mayImport: ['registry', 'fileio'] },
  'tensor-gpu': { layer: 2, mayImport: ['logging', 'fileio'] },
  structures: { layer: 3, mayImport: ['tensor-gpu'] },
  dist: { layer: 3, mayImport: ['tensor-gpu', 'logging'] },
  model: { layer: 4, mayImport: ['registry', 'tensor-gpu', 'structures', 'fileio', 'logging', 'dist'] },
  dataset: { layer: 4, mayImport: ['registry', 'fileio', 'logging', 'tensor-gpu', 'structures'] },
  evaluator: { layer: 4, mayImport: ['registry', 'fileio', 'logging', 'tensor-gpu', 'structures', 'dist'] },
  visualization: { layer: 4, mayImport: ['registry', 'fileio', 'logging', 'tensor-gpu', 'structures'] },
  // optim reaches @eng/model's module tree structurally; its tests use @eng/model as a devDependency.
  optim: { layer: 5, mayImport: ['registry', 'tensor-gpu', 'logging'] },
  hub: { layer: 5, mayImport: ['registry', 'config', 'fileio', 'model', 'tensor-gpu'] },
  runner: { layer: 6, mayImport: 'everything' },
};

/**
 * The private packages: never published, never a runtime dependency, importing no @eng package. `importedFrom`
 * lists the package folders that may import them (as a devDependency).
 */
export const PRIVATE = {
  // Bundled into each package's build (tsup `noExternal`), so even src/ may use it.
  internal: { importedFrom: ['src', 'test', 'test-dist', 'bench'] },
  'test-utils': { importedFrom: ['test', 'test-dist', 'bench'] },
};

const SCANNED = ['src', 'test', 'test-dist', 'bench'];
const SOURCE_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const TEST_FILE = /\.test(?:-d)?\.(?:[cm]?[jt]s|[jt]sx)$/;
const DOC = 'docs/architecture.md';

/** Resolves `mayImport: 'everything'` to every other public package. */
function mayImportOf(table, pkg) {
  const list = table[pkg].mayImport;
  return list === 'everything' ? Object.keys(table).filter((p) => p !== pkg) : list;
}

/** Problems in the table itself: unknown names, imports of a higher layer, an "everything" row below the top. */
function checkTable(table = LAYERS) {
  const problems = [];
  for (const [pkg, row] of Object.entries(table)) {
    if (row.mayImport === 'everything') {
      const others = Object.keys(table).filter((p) => p !== pkg && table[p].layer >= row.layer);
      if (others.length) problems.push(`${pkg} may import everything, so ${others.join(', ')} must sit below it`);
      continue;
    }
    for (const dep of row.mayImport) {
      if (!(dep in table)) problems.push(`${pkg} may import "${dep}", which is not in the table`);
      else if (table[dep].layer > row.layer) {
        problems.push(`${pkg} (layer ${row.layer}) may import ${dep} (layer ${table[dep].layer}), a higher layer`);
      }
    }
  }
  return problems;
}

const REGEX_AFTER =
  /(?:^|[(,=:[!&|?{};+\-*%<>~^]|\b(?:return|typeof|case|do|else|in|of|new|delete|void|throw|yield|await))\s*$/;

/**
 * The source text with everything that is not code blanked to spaces (same length, same line breaks): comments,
 * template literals, regular expressions, and the contents of quoted strings (their quotes stay). So an import
 * written in a comment or in a string (a program that a test runs, say) is not an import of the file.
 */
function maskNonCode(text) {
  const out = text.split('');
  const blank = (from, to) => {
    for (let i = from; i < to; i++) if (out[i] !== '\n') out[i] = ' ';
  };
  const braces = []; // for each open `${`, the brace depth at which it closes
  let depth = 0;
  let i = 0;
  const skipTemplate = () => {
    // from just after a backtick (or a `}` closing `${`) to the closing backtick or the next `${`
    const from = i;
    while (i < text.length && text[i] !== '`' && !(text[i] === '$' && text[i + 1] === '{'))
      i += text[i] === '\\' ? 2 : 1;
    blank(from, i);
    if (text[i] === '$') {
      blank(i, i + 2);
      i += 2;
      braces.push(depth++);
    } else blank(i, ++i);
  };
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      blank(i, (i = end === -1 ? text.length : end));
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      blank(i, (i = end === -1 ? text.length : end + 2));
    } else if (c === "'" || c === '"') {
      const from = ++i;
      while (i < text.length && text[i] !== c && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      blank(from, i++);
    } else if (c === '`') {
      blank(i, ++i);
      skipTemplate();
    } else if (c === '/' && REGEX_AFTER.test(out.slice(Math.max(0, i - 12), i).join(''))) {
      const from = i++;
      let inClass = false;
      while (i < text.length && text[i] !== '\n' && (text[i] !== '/' || inClass)) {
        if (text[i] === '[') inClass = true;
        else if (text[i] === ']') inClass = false;
        i += text[i] === '\\' ? 2 : 1;
      }
      blank(from, ++i);
    } else {
      if (c === '{') depth++;
      else if (c === '}' && braces.length && braces[braces.length - 1] === depth - 1) {
        braces.pop();
        depth--;
        blank(i, ++i);
        skipTemplate();
        continue;
      } else if (c === '}') depth--;
      i++;
    }
  }
  return out.join('');
}

/**
 * Every @eng / @tensorflow import of a source text: static `import`/`export ... from` (with `type`), side-effect
 * `import 'x'`, dynamic `import('x')`, `require('x')`, `require.resolve('x')` and `declare module 'x'`
 * augmentations. The patterns run on the masked code; the specifier is read back from the original text.
 */
function findImports(text) {
  const code = maskNonCode(text);
  const found = [];
  const patterns = [
    /^[ \t]*(?:import|export)\s+(?:type\s+)?[\w$*{}\s,]*?\s*from\s*(['"])([^'"\n]*)\1/gm,
    /^[ \t]*import\s*(['"])([^'"\n]*)\1/gm,
    /^[ \t]*declare\s+module\s+(['"])([^'"\n]*)\1/gm,
    /\b(?:import|require(?:\.resolve)?)\s*\(\s*(['"])([^'"\n]*)\1/g,
  ];
  for (const pattern of patterns) {
    for (const m of code.matchAll(pattern)) {
      const at = m.index + m[0].length - 1 - m[2].length;
      const specifier = text.slice(at, at + m[2].length);
      if (!specifier.startsWith('@eng/') && !specifier.startsWith('@tensorflow/')) continue;
      found.push({ specifier, line: text.slice(0, at).split('\n').length });
    }
  }
  return found.sort((a, b) => a.line - b.line);
}

function* walk(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (SOURCE_FILE.test(entry.name)) yield path;
  }
}

function readJson(path, problems, rel) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    problems.push(`${rel}: [json] cannot be read as JSON (${err.message})`);
    return undefined;
  }
}

const engNames = (deps = {}) =>
  Object.keys(deps)
    .filter((d) => d.startsWith('@eng/'))
    .map((d) => d.slice(5));

/** Finds the cycles of a graph `{ node: [node...] }`, each once, as paths that end where they start. */
function findCycles(graph) {
  const cycles = new Map();
  const state = new Map(); // node -> 'open' | 'done'
  const stack = [];
  const visit = (node) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph[node] ?? []) {
      if (state.get(next) === 'open') {
        const cycle = stack.slice(stack.indexOf(next));
        const first = cycle.indexOf([...cycle].sort()[0]);
        const rotated = [...cycle.slice(first), ...cycle.slice(0, first)];
        cycles.set(rotated.join(' '), [...rotated, rotated[0]]);
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of Object.keys(graph).sort()) if (!state.has(node)) visit(node);
  return [...cycles.values()];
}

/** The `| layer | \`@eng/x\` | owns | may import |` rows of the doc's layer table. */
function docRows(text) {
  const rows = new Map();
  text.split('\n').forEach((line, i) => {
    const cells = line.split('|').map((c) => c.trim());
    const name = /^`@eng\/([a-z0-9-]+)`/.exec(cells[2] ?? '')?.[1];
    if (!line.startsWith('|') || !name || !/^\d+$/.test(cells[1])) return;
    const mayImport = cells[cells.length - 2].replace(/\(.*\)/, '').trim(); // an aside in parentheses ends the list
    rows.set(name, { layer: Number(cells[1]), mayImport, line: i + 1 });
  });
  return rows;
}

function parseMayImport(cell, table, pkg) {
  if (/^nothing\b/i.test(cell)) return [];
  if (/^every/i.test(cell)) return Object.keys(table).filter((p) => p !== pkg);
  return cell
    .split(/,|\band\b/)
    .map((s) =>
      s
        .replace(/[`]/g, '')
        .replace(/^@eng\//, '')
        .trim(),
    )
    .filter(Boolean);
}

/** Node ids, their packages and the edges of the doc's mermaid graph. */
function mermaidGraph(text) {
  const block = /```mermaid\n([\s\S]*?)```/.exec(text);
  if (!block) return undefined;
  const offset = text.slice(0, block.index).split('\n').length;
  const nodes = new Map();
  const edges = [];
  block[1].split('\n').forEach((line, i) => {
    for (const m of line.matchAll(/([\w-]+)\["[^"]*?@eng\/([a-z0-9-]+)/g)) nodes.set(m[1], m[2]);
    const [from, to] = line.split('-->');
    if (to === undefined) return;
    const fromId = /^\s*([\w-]+)/.exec(from)?.[1];
    for (const target of to.split('&')) {
      const toId = /^\s*([\w-]+)/.exec(target)?.[1];
      if (fromId && toId) edges.push({ from: fromId, to: toId, line: offset + i + 1 });
    }
  });
  return { nodes, edges };
}

function checkDoc(root, table, packages, problems) {
  const path = join(root, DOC);
  if (!existsSync(path)) {
    problems.push(`${DOC}: [doc-table] missing: it must hold the layer table`);
    return;
  }
  const text = readFileSync(path, 'utf8');
  const rows = docRows(text);
  for (const pkg of packages.filter((p) => p in table && !rows.has(p))) {
    problems.push(`${DOC}: [doc-table] no row for @eng/${pkg} (layer ${table[pkg].layer}), which exists in packages/`);
  }
  for (const [pkg, row] of rows) {
    const where = `${DOC}:${row.line}`;
    if (!(pkg in table)) {
      problems.push(`${where}: [doc-table] row for @eng/${pkg}, which is not in scripts/check-architecture.mjs`);
      continue;
    }
    if (row.layer !== table[pkg].layer) {
      problems.push(
        `${where}: [doc-table] @eng/${pkg} is layer ${row.layer} here, layer ${table[pkg].layer} in the check`,
      );
    }
    const doc = parseMayImport(row.mayImport, table, pkg).sort();
    const check = [...mayImportOf(table, pkg)].sort();
    if (doc.join() !== check.join()) {
      problems.push(
        `${where}: [doc-table] @eng/${pkg} may import "${doc.join(', ') || 'nothing'}" here, "${check.join(', ') || 'nothing'}" in the check`,
      );
    }
  }
  const graph = mermaidGraph(text);
  if (!graph) return;
  const drawn = new Set(graph.nodes.values());
  for (const pkg of Object.keys(table).filter((p) => !drawn.has(p) && (rows.has(p) || packages.includes(p)))) {
    problems.push(`${DOC}: [doc-graph] the mermaid graph has no node for @eng/${pkg}`);
  }
  for (const { from, to, line } of graph.edges) {
    const a = graph.nodes.get(from);
    const b = graph.nodes.get(to);
    if (!a || !b) {
      problems.push(`${DOC}:${line}: [doc-graph] edge ${from} --> ${to} names a node with no "@eng/..." label`);
    } else if (!(a in table) || !mayImportOf(table, a).includes(b)) {
      problems.push(`${DOC}:${line}: [doc-graph] draws @eng/${a} --> @eng/${b}, which the table does not allow`);
    }
  }
}

/** Checks the repository at `root`; returns the problem lines (empty when it conforms) and what it scanned. */
export function checkArchitecture(root, table = LAYERS) {
  const problems = checkTable(table).map((p) => `scripts/check-architecture.mjs: [table] ${p}`);
  const packagesDir = join(root, 'packages');
  const packages = existsSync(packagesDir)
    ? readdirSync(packagesDir).filter((p) => existsSync(join(packagesDir, p, 'package.json')))
    : [];
  const known = (name) => name in table || name in PRIVATE;
  const graph = {};
  let files = 0;

  for (const pkg of packages) {
    const dir = join(packagesDir, pkg);
    const rel = (path) => relative(root, path);
    const manifestPath = `packages/${pkg}/package.json`;
    if (!known(pkg)) {
      problems.push(
        `packages/${pkg}: [unknown-package] not in the architecture table (scripts/check-architecture.mjs, ${DOC})`,
      );
      continue;
    }
    const manifest = readJson(join(dir, 'package.json'), problems, manifestPath);
    if (!manifest) continue;
    const isPrivate = pkg in PRIVATE;
    const runtime = new Set([...engNames(manifest.dependencies), ...engNames(manifest.peerDependencies)]);
    const dev = new Set(engNames(manifest.devDependencies));
    graph[pkg] = new Set([...runtime, ...dev].filter((d) => d !== pkg));

    if (manifest.name !== `@eng/${pkg}`) {
      problems.push(`${manifestPath}: [package-name] is named "${manifest.name}", the folder says @eng/${pkg}`);
    }
    if (isPrivate) {
      if (manifest.private !== true) {
        problems.push(`${manifestPath}: [private-package] @eng/${pkg} is private: set "private": true`);
      }
      for (const dep of [...runtime, ...dev]) {
        problems.push(`${manifestPath}: [private-package] @eng/${pkg} depends on @eng/${dep}; it may depend on none`);
      }
    }
    if (pkg === 'registry') {
      for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
        for (const dep of Object.keys(manifest[field] ?? {})) {
          problems.push(`${manifestPath}: [registry-deps] @eng/registry has no runtime dependencies, not even ${dep}`);
        }
      }
    }
    if (!isPrivate) {
      for (const dep of runtime) {
        if (dep in PRIVATE) {
          problems.push(
            `${manifestPath}: [private-runtime] @eng/${dep} is private: a devDependency only, never a (peer) dependency`,
          );
        } else if (!(dep in table)) {
          problems.push(`${manifestPath}: [unknown-package] depends on @eng/${dep}, which is not in the table`);
        } else if (!mayImportOf(table, pkg).includes(dep)) {
          problems.push(
            `${manifestPath}: [${layerRule(table, pkg, dep)}] depends on @eng/${dep}, ${whyNot(table, pkg, dep)}`,
          );
        }
      }
      for (const dep of dev) {
        if (dep in PRIVATE || runtime.has(dep)) continue;
        if (!(dep in table)) {
          problems.push(`${manifestPath}: [unknown-package] dev-depends on @eng/${dep}, which is not in the table`);
        } else if (testMayNotImport(table, pkg, dep)) {
          problems.push(`${manifestPath}: [layer] dev-depends on @eng/${dep}, ${whyNot(table, pkg, dep)}`);
        }
      }
    }

    const tsconfigPath = join(dir, 'tsconfig.json');
    if (existsSync(tsconfigPath)) {
      const tsconfig = readJson(tsconfigPath, problems, rel(tsconfigPath));
      const refs = new Set(
        (tsconfig?.references ?? []).map((r) => {
          const target = resolve(dir, r.path);
          return relative(packagesDir, /\.json$/.test(target) ? dirname(target) : target);
        }),
      );
      const declared = [...runtime, ...dev].filter((d) => existsSync(join(packagesDir, d, 'package.json')));
      for (const dep of declared.filter((d) => !refs.has(d))) {
        problems.push(
          `${rel(tsconfigPath)}: [references] add { "path": "../${dep}" }: @eng/${dep} is a declared dependency`,
        );
      }
      for (const ref of [...refs].filter((r) => !declared.includes(r))) {
        problems.push(`${rel(tsconfigPath)}: [references] remove "../${ref}": not a declared @eng dependency`);
      }
    }

    const importedFromSrc = new Set();
    const seen = new Set();
    for (const folder of SCANNED) {
      for (const file of walk(join(dir, folder))) {
        files++;
        const isTest = folder !== 'src' || TEST_FILE.test(file);
        const where = (line) => `${rel(file)}:${line}`;
        for (const { specifier, line } of findImports(readFileSync(file, 'utf8'))) {
          const report = (rule, message) => {
            const key = `${file} ${rule} ${specifier.split('/').slice(0, 2).join('/')}`;
            if (!seen.has(key)) problems.push(`${where(line)}: [${rule}] ${message}`);
            seen.add(key);
          };
          if (specifier.startsWith('@tensorflow/')) {
            if (pkg !== 'tensor-gpu') {
              report('tensorflow', `imports ${specifier}: outside @eng/tensor-gpu use its \`tf\` export`);
            }
            continue;
          }
          const dep = specifier.split('/')[1];
          if (dep === pkg) continue;
          graph[pkg].add(dep);
          if (folder === 'src' && !isTest) importedFromSrc.add(dep);
          if (isPrivate) {
            report('private-import', `imports @eng/${dep}: the private @eng/${pkg} imports no @eng package`);
          } else if (dep in PRIVATE) {
            const from = PRIVATE[dep].importedFrom;
            if (!from.includes(folder)) {
              const hint = isTest ? ': move the test to test/' : '';
              report('private-import', `imports @eng/${dep}, which only ${from.join('/, ')}/ may import${hint}`);
            } else if (!dev.has(dep)) {
              report('undeclared', `imports @eng/${dep}: add it to the devDependencies of ${manifestPath}`);
            } else if (specifier === '@eng/internal/options' && !isTest && !manifest.dependencies?.zod) {
              // @eng/internal is bundled; an undeclared zod would be bundled with it, silently, into every build.
              report(
                'bundled-dependency',
                `imports ${specifier}, which needs zod: add zod to the dependencies of ${manifestPath}`,
              );
            }
          } else if (!(dep in table)) {
            report('unknown-package', `imports @eng/${dep}, which is not in the architecture table`);
          } else if (table[dep].layer > table[pkg].layer) {
            report('layer', `imports @eng/${dep}, ${whyNot(table, pkg, dep)}`);
          } else if (!isTest && !mayImportOf(table, pkg).includes(dep)) {
            report(layerRule(table, pkg, dep), `imports @eng/${dep}, ${whyNot(table, pkg, dep)}`);
          } else if (isTest && testMayNotImport(table, pkg, dep)) {
            report('layer', `imports @eng/${dep}, ${whyNot(table, pkg, dep)}`);
          } else if (!isTest && !runtime.has(dep)) {
            report(
              'undeclared',
              dev.has(dep)
                ? `imports @eng/${dep}, only a devDependency: src/ needs it in dependencies of ${manifestPath}`
                : `imports @eng/${dep}, not declared in ${manifestPath}`,
            );
          } else if (isTest && !runtime.has(dep) && !dev.has(dep)) {
            report(
              'undeclared',
              `imports @eng/${dep}, not declared (dependencies or devDependencies) in ${manifestPath}`,
            );
          }
        }
      }
    }
    for (const dep of [...runtime].filter((d) => !importedFromSrc.has(d) && !(d in PRIVATE))) {
      problems.push(
        `${manifestPath}: [unused-dependency] declares @eng/${dep} but no file of src/ imports it (tests use devDependencies)`,
      );
    }
  }

  for (const cycle of findCycles(Object.fromEntries(Object.entries(graph).map(([p, s]) => [p, [...s]])))) {
    problems.push(`packages/${cycle[0]}/package.json: [cycle] ${cycle.map((p) => `@eng/${p}`).join(' -> ')}`);
  }
  checkDoc(root, table, packages, problems);
  return { problems, packages: packages.length, files };
}

// An unlisted import of the same or a higher layer breaks the layering; of a lower layer, only the row.
const layerRule = (table, pkg, dep) => (table[dep].layer >= table[pkg].layer ? 'layer' : 'not-listed');

// Tests and benches may use any declared package of a lower layer; a same-layer one only if the table lists it.
const testMayNotImport = (table, pkg, dep) =>
  table[dep].layer > table[pkg].layer ||
  (table[dep].layer === table[pkg].layer && !mayImportOf(table, pkg).includes(dep));

function whyNot(table, pkg, dep) {
  const [a, b] = [table[pkg].layer, table[dep].layer];
  if (b > a) return `a higher layer (${b}) than @eng/${pkg} (${a}): never allowed`;
  if (b === a) return `the same layer (${a}) as @eng/${pkg}, and its row does not list it`;
  return `which the row of @eng/${pkg} in ${DOC} does not list`;
}

// Run as a script (not imported): compare real paths, so a symlinked checkout cannot make the check a silent no-op.
const isMain = process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
if (isMain) {
  const root = resolve(process.argv[2] ?? fileURLToPath(new URL('..', import.meta.url)));
  const { problems, packages, files } = checkArchitecture(root);
  if (problems.length) {
    console.error(`architecture check: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`architecture check: ${packages} packages, ${files} files, every package stays in its layer`);
}
