import { MMLogger } from '@eng/logging';
import { tf } from '@eng/tensor-gpu';
import type { ParamModule } from '../src';

let loggers = 0;

/** Makes a fresh current MMLogger whose console output is collected (one entry per line). */
export function captureLog(): string[] {
  const lines: string[] = [];
  MMLogger.getInstance(`optim-test-${++loggers}`, {
    color: false,
    stream: { write: (chunk: string) => lines.push(...String(chunk).split('\n').filter(Boolean)) } as never,
  });
  return lines;
}

/** A minimal module tree satisfying the constructor's structural interface (no @eng/model needed). */
export class TestModule implements ParamModule {
  readonly params = new Map<string, tf.Variable>();
  readonly children = new Map<string, TestModule>();
  isNorm = false;
  isDepthwiseConv = false;

  param(name: string, shape: number[], trainable = true): this {
    this.params.set(name, tf.variable(tf.zeros(shape), trainable));
    return this;
  }

  child(name: string, module: TestModule): this {
    this.children.set(name, module);
    return this;
  }

  *namedParameters(prefix = '', recurse = true): Generator<[string, tf.Variable]> {
    const seen = new Set<tf.Variable>();
    const walk = function* (m: TestModule, p: string): Generator<[string, tf.Variable]> {
      for (const [n, v] of m.params) {
        if (seen.has(v)) continue;
        seen.add(v);
        yield [p ? `${p}.${n}` : n, v];
      }
      if (!recurse) return;
      for (const [n, c] of m.children) yield* walk(c, p ? `${p}.${n}` : n);
    };
    yield* walk(this, prefix);
  }

  *namedChildren(): Generator<[string, TestModule]> {
    yield* this.children;
  }
}

export const linear = () => new TestModule().param('weight', [1, 1]).param('bias', [1]);
export function norm(): TestModule {
  const m = new TestModule().param('weight', [1]).param('bias', [1]);
  m.isNorm = true;
  return m;
}

/** The manual's ToyModel: backbone = {layer0, layer1: Linear(1, 1)}, head = Sequential(linear, bn). */
export function toyModel(): TestModule {
  return new TestModule()
    .child('backbone', new TestModule().child('layer0', linear()).child('layer1', linear()))
    .child('head', new TestModule().child('linear', linear()).child('bn', norm()));
}

/** name -> the group hyper-parameters the optimizer uses for it. */
export function effective(
  model: ParamModule,
  groups: Array<Record<string, unknown> & { params: tf.Variable[] }>,
): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [name, variable] of model.namedParameters()) {
    const group = groups.find((g) => g.params.includes(variable));
    if (group) out[name] = group;
  }
  return out;
}
