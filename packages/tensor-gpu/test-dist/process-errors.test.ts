import { evalNode, packageRoot } from '@eng/test-utils';
import { describe, expect, it } from 'vitest';

const pkg = packageRoot(import.meta.url);

/** A program that starts the WASM backend, then does `after`. */
function runAfterInit(after: string, type: 'module' | 'commonjs' = 'module') {
  const load =
    type === 'module'
      ? "import { initBackend } from '@eng/tensor-gpu';"
      : "const { initBackend } = require('@eng/tensor-gpu');";
  const body = `await initBackend({ prefer: ['wasm'], log: () => {} });\n${after}`;
  const code = type === 'module' ? `${load}\n${body}` : `${load}\n(async () => {\n${body}\n})();`;
  return evalNode(code, { type, cwd: pkg, env: { ENG_BACKEND: '' } });
}

// Emscripten's loader used to turn every later uncaught error into exit code 7, printing its own frame first.
describe('after the WASM backend starts, a program fails the way Node programs fail', () => {
  for (const type of ['module', 'commonjs'] as const) {
    it(`an uncaught throw exits with 1 and prints the error first (${type})`, () => {
      const result = runAfterInit("setTimeout(() => { throw new Error('boom after init'); });", type);
      expect(result.status).toBe(1);
      expect(result.stderr).not.toContain('tf-backend-wasm');
      expect(result.stderr).toContain('Error: boom after init');
    });
  }

  it('an unhandled rejection exits with 1 as Node does, naming the reason', () => {
    const result = runAfterInit("Promise.reject(new Error('rejected after init'));");
    expect(result.status).toBe(1);
    expect(result.stderr).not.toContain('tf-backend-wasm');
    expect(result.stderr).toContain('rejected after init');
  });

  it("keeps the program's own handler, installed before the backend started", () => {
    const result = evalNode(
      `process.on('uncaughtException', (e) => { console.log('handled', e.message); process.exitCode = 3; });
import('@eng/tensor-gpu').then(async ({ initBackend }) => {
  await initBackend({ prefer: ['wasm'], log: () => {} });
  setTimeout(() => { throw new Error('mine'); });
});`,
      { cwd: pkg, env: { ENG_BACKEND: '' } },
    );
    expect(result.stdout.trim().split('\n').at(-1)).toBe('handled mine');
    expect(result.status).toBe(3);
  });
});

describe('a tensor operation before initBackend', () => {
  it('says to call await initBackend() (tfjs alone says to await tf.ready(), which skips eng set-up)', () => {
    const result = evalNode(
      `import { tf, BackendError } from '@eng/tensor-gpu';
try { tf.ones([2]); } catch (e) { console.log(JSON.stringify({ brand: BackendError.isInstance(e), code: e.code, message: e.message })); }`,
      { cwd: pkg, env: { ENG_BACKEND: '' } },
    );
    const out = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
    expect(out.brand).toBe(true);
    expect(out.code).toBe('NOT_INITIALIZED');
    expect(out.message).toMatch(
      /^No TensorFlow\.js backend is ready: call `await initBackend\(\)` \(from @eng\/tensor-gpu\)/,
    );
  });
});

describe('every way of starting WASM leaves the process listeners as Node has them', () => {
  const cases: Record<string, string> = {
    'an op before initBackend, then initBackend': `try { tf.ones([1]); } catch {}
await initBackend({ prefer: ['wasm'], log: () => {} });`,
    "tf.setBackend('wasm') called directly": "await tf.setBackend('wasm'); await tf.ready();",
    'tf.ready() called directly': 'await tf.ready();',
  };
  for (const [name, start] of Object.entries(cases)) {
    it(name, () => {
      const result = evalNode(
        `import { initBackend, tf } from '@eng/tensor-gpu';\n${start}\nsetTimeout(() => { throw new Error('late'); });`,
        { cwd: pkg, env: { ENG_BACKEND: '' } },
      );
      expect(result.status).toBe(1);
      expect(result.stderr).not.toContain('tf-backend-wasm');
      expect(result.stderr).toContain('Error: late');
    });
  }

  it('keeps a listener the program adds while the backend starts', () => {
    const result = evalNode(
      `import { initBackend } from '@eng/tensor-gpu';
const mine = () => {};
await Promise.all([initBackend({ prefer: ['wasm'], log: () => {} }), (async () => process.on('uncaughtException', mine))()]);
console.log(process.listeners('uncaughtException').includes(mine));`,
      { cwd: pkg, env: { ENG_BACKEND: '' } },
    );
    expect(result.stdout.trim().split('\n').at(-1)).toBe('true');
  });
});
