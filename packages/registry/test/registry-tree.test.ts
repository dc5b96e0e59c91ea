import { mkdtempSync, readFileSync, rmSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  countRegisteredModules,
  MODELS,
  ROOT_REGISTRY_NAMES,
  Registry,
  rootRegistries,
  setRegistryLogger,
  traverseRegistryTree,
} from '../src/index';
import * as api from '../src/index';

describe('traverseRegistryTree', () => {
  it('collects every registry of the tree, from any node', () => {
    const DOGS = new Registry('dogs', { scope: 'dogs' });
    const HOUNDS = new Registry('dogs', { parent: DOGS, scope: 'hound' });
    new Registry('dogs', { parent: HOUNDS, scope: 'little_hound' });
    const MID_HOUNDS = new Registry('dogs', { parent: HOUNDS, scope: 'mid_hound' });
    const SAMOYEDS = new Registry('dogs', { parent: DOGS, scope: 'samoyed' });
    new Registry('dogs', { parent: SAMOYEDS, scope: 'little_samoyed' });
    @DOGS.registerModule()
    class GoldenRetriever {}
    void GoldenRetriever;

    const result = traverseRegistryTree(DOGS, false);
    expect(result).toHaveLength(6);
    expect(result[0]!.num_modules).toBe(1);
    expect(result.map((r) => r.scope)).toEqual([
      'dogs',
      'hound',
      'little_hound',
      'mid_hound',
      'samoyed',
      'little_samoyed',
    ]);
    // names are grouped by the folder of the file that registered them
    const folders = Object.keys(result[0]!).filter((k) => k !== 'num_modules' && k !== 'scope');
    expect(folders).toHaveLength(1);
    expect(folders[0]).toMatch(/registry[\\/]test$/);
    expect(result[0]![folders[0]!]).toEqual(['GoldenRetriever']);
    expect(traverseRegistryTree(MID_HOUNDS, false)).toEqual(result);
  });

  it('logs a line per registry when verbose', () => {
    const lines: string[] = [];
    setRegistryLogger({ warn: () => {}, info: (m) => lines.push(m) });
    try {
      const ROOT = new Registry('cats', { scope: 'cats' });
      traverseRegistryTree(ROOT);
    } finally {
      setRegistryLogger(undefined);
    }
    expect(lines).toEqual(["Find 0 modules in cats's 'cats' registry"]);
  });
});

describe('the root registries', () => {
  it('are the 22 of the spec, all in scope "eng", exported by name', () => {
    const names = Object.keys(ROOT_REGISTRY_NAMES);
    expect(names).toHaveLength(22);
    for (const name of names) {
      const registry = (api as Record<string, unknown>)[name];
      expect(registry, name).toBeInstanceOf(Registry);
      expect((registry as Registry).scope).toBe('eng');
      expect((registry as Registry).parent).toBeUndefined();
      expect(rootRegistries().get(name as keyof typeof ROOT_REGISTRY_NAMES)).toBe(registry);
    }
    expect(MODELS.name).toBe('model');
  });
});

describe('countRegisteredModules', () => {
  it('reports every root registry tree and writes the JSON atomically to savePath', () => {
    class CountedModel {}
    MODELS.registerModule({ module: CountedModel });
    const dir = mkdtempSync(join(tmpdir(), 'eng-registry-count-'));
    try {
      const report = countRegisteredModules({ savePath: dir, verbose: false });
      expect(Object.keys(report.registries)).toEqual(Object.keys(ROOT_REGISTRY_NAMES));
      for (const [name, tree] of Object.entries(report.registries)) {
        const root = rootRegistries().get(name as keyof typeof ROOT_REGISTRY_NAMES)!;
        expect(tree[0]!.num_modules).toBe(root.size);
      }
      expect(report.registries.MODELS![0]!.num_modules).toBeGreaterThanOrEqual(1);
      expect(Number.isNaN(Date.parse(report.scan_date))).toBe(false);
      const file = join(dir, 'modules_statistic_results.json');
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(report);
      expect(readdirSync(dir)).toEqual(['modules_statistic_results.json']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const other = mkdtempSync(join(tmpdir(), 'eng-registry-count-'));
    countRegisteredModules({ verbose: false });
    expect(existsSync(join(other, 'modules_statistic_results.json'))).toBe(false);
    rmSync(other, { recursive: true, force: true });
  });
});
