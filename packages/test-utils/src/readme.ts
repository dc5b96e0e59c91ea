import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { type CodeBlock, isRunnable, parseCodeBlocks } from './readme-blocks';
import { type ExampleResult, type RunExampleOptions, runExample } from './run-example';

/** A package's README and its code blocks. */
export interface Readme {
  readonly path: string;
  readonly text: string;
  readonly blocks: readonly CodeBlock[];
  /** The blocks that are examples to run (TypeScript or JavaScript, not marked `<!-- example: skip -->`). */
  readonly examples: readonly CodeBlock[];
  /** The block marked `<!-- example: name -->`. */
  block(name: string): CodeBlock;
  /** The first block after the first place the README says `text` (in prose, a heading or a block). */
  blockAfter(text: string): CodeBlock;
}

/** Reads `README.md` of the package at `packageDir`. */
export function readReadme(packageDir: string): Readme {
  const path = join(packageDir, 'README.md');
  const text = readFileSync(path, 'utf8');
  const blocks = parseCodeBlocks(text);
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length;
  return {
    path,
    text,
    blocks,
    examples: blocks.filter(isRunnable),
    block(name) {
      const found = blocks.find((b) => b.marker === name);
      if (!found) throw new Error(`${path} has no block marked <!-- example: ${name} -->`);
      return found;
    },
    blockAfter(needle) {
      const at = text.indexOf(needle);
      if (at < 0) throw new Error(`${path} does not say ${JSON.stringify(needle)}`);
      const line = lineOf(at + needle.length);
      // the first block whose opening fence is below that line
      const found = blocks.find((b) => b.line - 1 > line);
      if (!found) throw new Error(`${path} has no code block after ${JSON.stringify(needle)}`);
      return found;
    },
  };
}

/** A README block's name in test output: its heading and line. */
export function blockTitle(block: CodeBlock): string {
  return `${block.heading || 'top'} (README.md:${block.line})`;
}

/** Runs one README block as an example (see `runExample`), naming README lines in its errors. */
export function runReadmeBlock(
  packageDir: string,
  block: CodeBlock,
  options: Omit<RunExampleOptions, 'packageDir'> = {},
): Promise<ExampleResult> {
  return runExample(block.code, { source: 'README.md', line: block.line, lang: block.lang, ...options, packageDir });
}

export interface DescribeReadmeOptions {
  /** Options for one example (a working directory, replacements, environment), by block. */
  readonly options?: (block: CodeBlock) => Omit<RunExampleOptions, 'packageDir'> | undefined;
  /** Further assertions on what an example gave (its bindings, its output). */
  readonly after?: (block: CodeBlock, result: ExampleResult) => void | Promise<void>;
  /** Per-example timeout in milliseconds. */
  readonly timeout?: number;
}

/**
 * Declares a vitest `describe('README examples')` with one test per example of the package's README: each runs the
 * README's text as written and checks its `// →` / `// prints` comments. A README without a runnable example is an
 * error (skip blocks with `<!-- example: skip -->`; `sh`, `json`, `yaml` blocks never run).
 */
export function describeReadme(packageDir: string, options: DescribeReadmeOptions = {}): Readme {
  const readme = readReadme(packageDir);
  describe('README examples', () => {
    if (readme.examples.length === 0) {
      it('has an example to run', () => {
        throw new Error(`${readme.path} has no TypeScript or JavaScript example that runs`);
      });
    }
    for (const block of readme.examples) {
      it(
        blockTitle(block),
        async () => {
          const result = await runReadmeBlock(packageDir, block, options.options?.(block) ?? {});
          await options.after?.(block, result);
        },
        options.timeout,
      );
    }
  });
  return readme;
}
