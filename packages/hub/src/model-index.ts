// OpenMMLab's model index: `model-index.yml` lists `Models` and `Import`s further metafiles (relative to the file that
// imports them), each model with its Name, Config (relative to the package), Weights URI, Results and, ours, Sha256.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { load } from '@eng/fileio';
import { didYouMean } from '@eng/internal';
import { HubError } from './errors';

/** One benchmark result of a model: the task, the dataset and the metrics measured on it. */
export interface ModelResult {
  Task?: string;
  Dataset?: string;
  Metrics?: Record<string, number | string>;
}

/** One model of a model index, as OpenMMLab's metafiles write it. */
export interface ModelIndexEntry {
  Name: string;
  /** the config, relative to the package folder (`configs/resnet/resnet18_8xb32_in1k.ts`) */
  Config: string;
  /** the checkpoint: any URI a fileio backend reads (https://, a local path, a registered prefix) */
  Weights?: string;
  /** hex sha256 of the weights file; every download is checked against it */
  Sha256?: string;
  Results?: ModelResult[];
  /** other keys of the metafile (`In Collection`, `Metadata`, ...), kept as they are */
  [key: string]: unknown;
  /** the metafile this entry comes from (absolute path) */
  readonly file: string;
}

/** Every model a package's index lists, in file order, through its `Import`s. */
export interface ModelIndex {
  /** the top-level index file */
  file: string;
  models: ModelIndexEntry[];
}

const SHA256 = /^[0-9a-f]{64}$/i;
const ENTRY_KEYS = ['Name', 'Config', 'Weights', 'Sha256', 'Results', 'In Collection', 'Metadata', 'Paper', 'Code'];

/** `. Did you mean "x"?`, or nothing when no name is near. */
function suggest(word: string, candidates: Iterable<string>): string {
  const near = didYouMean(word, candidates);
  return near ? `. ${near}` : '';
}

function bad(file: string, message: string): HubError {
  return new HubError('BAD_MODEL_INDEX', `${file}: ${message}`);
}

function requireString(file: string, where: string, entry: Record<string, unknown>, key: string): string {
  const value = entry[key];
  if (typeof value === 'string' && value !== '') return value;
  const near = suggest(
    key,
    Object.keys(entry).filter((k) => !ENTRY_KEYS.includes(k)),
  );
  throw bad(
    file,
    `${where} has no ${key} (expected a non-empty string${value === undefined ? '' : `, got ${JSON.stringify(value)}`})${near}`,
  );
}

function validateEntry(file: string, index: number, raw: unknown): ModelIndexEntry {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw bad(file, `Models[${index}] must be a mapping with Name, Config and Weights, got ${JSON.stringify(raw)}`);
  }
  const entry = raw as Record<string, unknown>;
  const label = typeof entry.Name === 'string' ? `Models[${index}] (${entry.Name})` : `Models[${index}]`;
  for (const key of Object.keys(entry)) {
    if (ENTRY_KEYS.includes(key)) continue;
    const near = suggest(key, ENTRY_KEYS);
    if (near) throw bad(file, `${label} has an unknown key "${key}"${near}`);
  }
  requireString(file, label, entry, 'Name');
  requireString(file, label, entry, 'Config');
  if (entry.Weights !== undefined) requireString(file, label, entry, 'Weights');
  if (entry.Sha256 !== undefined && (typeof entry.Sha256 !== 'string' || !SHA256.test(entry.Sha256))) {
    const quote = typeof entry.Sha256 === 'number' ? ' (YAML read it as a number: quote it)' : '';
    throw bad(file, `${label}: Sha256 must be 64 hex digits, got ${JSON.stringify(entry.Sha256)}${quote}`);
  }
  if (entry.Results !== undefined && !Array.isArray(entry.Results)) {
    throw bad(
      file,
      `${label}: Results must be a list of { Task, Dataset, Metrics }, got ${JSON.stringify(entry.Results)}`,
    );
  }
  const out = { ...entry } as ModelIndexEntry;
  if (typeof out.Sha256 === 'string') out.Sha256 = out.Sha256.toLowerCase();
  Object.defineProperty(out, 'file', { value: file, enumerable: false });
  return out;
}

async function readMetafile(file: string, seen: Set<string>, models: ModelIndexEntry[]): Promise<void> {
  if (seen.has(file)) throw bad(file, 'imports itself (an Import cycle)');
  seen.add(file);
  let parsed: unknown;
  try {
    parsed = await load(file, { fileFormat: 'yaml' });
  } catch (cause) {
    throw new HubError('BAD_MODEL_INDEX', `${file}: cannot read the model index: ${(cause as Error).message}`, {
      cause,
    });
  }
  if (parsed === null || parsed === undefined) return;
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw bad(file, 'a model index must be a mapping with Models and/or Import');
  }
  const doc = parsed as Record<string, unknown>;
  for (const key of Object.keys(doc)) {
    const near = key === 'Models' || key === 'Import' ? '' : suggest(key, ['Models', 'Import']);
    if (near) throw bad(file, `unknown top-level key "${key}"${near}`);
  }
  const entries = doc.Models ?? [];
  if (!Array.isArray(entries)) throw bad(file, 'Models must be a list of models');
  entries.forEach((raw, i) => {
    models.push(validateEntry(file, i, raw));
  });
  const imports = doc.Import ?? [];
  if (!Array.isArray(imports)) throw bad(file, 'Import must be a list of metafile paths');
  for (const [i, rel] of imports.entries()) {
    if (typeof rel !== 'string' || rel === '')
      throw bad(file, `Import[${i}] must be a path, got ${JSON.stringify(rel)}`);
    const target = resolve(dirname(file), rel);
    if (!existsSync(target)) throw bad(file, `Import[${i}]: no file ${target}`);
    await readMetafile(target, seen, models);
  }
}

/** Reads and validates a model index and every metafile it imports. */
export async function loadModelIndex(file: string): Promise<ModelIndex> {
  const path = resolve(file);
  if (!existsSync(path)) throw new HubError('NO_MODEL_INDEX', `No model index at ${path}`);
  const models: ModelIndexEntry[] = [];
  await readMetafile(path, new Set(), models);
  const byName = new Map<string, ModelIndexEntry>();
  for (const m of models) {
    const first = byName.get(m.Name);
    if (first) throw bad(m.file, `two models are named "${m.Name}" (the other is in ${first.file})`);
    byName.set(m.Name, m);
  }
  return { file: path, models };
}
