import { tf } from '@eng/tensor-gpu';

/**
 * A minimal module tree with only the structural surface the optimizer constructor reads (`namedParameters`,
 * `namedChildren`, `isNorm`, `isDepthwiseConv`): parameters and children are given by name, nothing is computed.
 * For tests of code that walks a module tree without needing real layers.
 *
 * @example
 * const model = new TestModule()
 *   .param('weight', [2, 2])
 *   .child('head', TestModule.linear());
 * [...model.namedParameters()].map(([n]) => n); // ['weight', 'head.weight', 'head.bias']
 */
export class TestModule {
  readonly params = new Map<string, tf.Variable>();
  readonly children = new Map<string, TestModule>();
  isNorm = false;
  isDepthwiseConv = false;

  /** A Linear(1, 1) stand-in: `weight` [1, 1] and `bias` [1]. */
  static linear(): TestModule {
    return new TestModule().param('weight', [1, 1]).param('bias', [1]);
  }

  /** A norm layer stand-in (`isNorm`): `weight` [1] and `bias` [1]. */
  static norm(): TestModule {
    const m = new TestModule().param('weight', [1]).param('bias', [1]);
    m.isNorm = true;
    return m;
  }

  /** Adds a zero-filled parameter. */
  param(name: string, shape: number[], trainable = true): this {
    this.params.set(name, tf.variable(tf.zeros(shape), trainable));
    return this;
  }

  /** Adds a child module. */
  child(name: string, module: TestModule): this {
    this.children.set(name, module);
    return this;
  }

  /** Every parameter with its dotted name, each variable once (as `BaseModule.namedParameters`). */
  *namedParameters(prefix = '', recurse = true): Generator<[string, tf.Variable]> {
    const seen = new Set<tf.Variable>();
    const walk = function* (m: TestModule, path: string): Generator<[string, tf.Variable]> {
      for (const [name, v] of m.params) {
        if (seen.has(v)) continue;
        seen.add(v);
        yield [path ? `${path}.${name}` : name, v];
      }
      if (!recurse) return;
      for (const [name, c] of m.children) yield* walk(c, path ? `${path}.${name}` : name);
    };
    yield* walk(this, prefix);
  }

  *namedChildren(): Generator<[string, TestModule]> {
    yield* this.children;
  }

  /** Releases every parameter of the tree. */
  dispose(): void {
    for (const [, v] of this.namedParameters()) v.dispose();
  }
}

/**
 * The optimizer manual's ToyModel: `backbone` = { `layer0`, `layer1` } (two Linear(1, 1)) and `head` = { `linear`,
 * `bn` (a norm layer) }.
 */
export function toyModel(): TestModule {
  return new TestModule()
    .child('backbone', new TestModule().child('layer0', TestModule.linear()).child('layer1', TestModule.linear()))
    .child('head', new TestModule().child('linear', TestModule.linear()).child('bn', TestModule.norm()));
}
