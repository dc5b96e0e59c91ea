import { brandClass } from '@eng/internal';
import { tf } from '@eng/tensor-gpu';
import { OptimizerError } from '../errors';

/** A hyper-parameter value of a param group (`lr`, `betas`, `nesterov`, scheduler bookkeeping such as `initial_lr`). */
export type HyperParam = number | boolean | string | null | undefined | readonly number[] | number[];

/** One of PyTorch's `param_groups`: the variables it updates and their hyper-parameters. */
export interface ParamGroup {
  params: tf.Variable[];
  lr: number;
  [key: string]: unknown;
}

/** What a constructor accepts as `params`: the variables, or groups that override the defaults. */
export type ParamsInput =
  | Iterable<tf.Variable>
  | Array<{ params: Iterable<tf.Variable> | tf.Variable; [key: string]: unknown }>;

/**
 * A state entry as `stateDict()` exports it: tensors are fresh copies owned by the caller, counters are numbers, and
 * `null` is PyTorch's `None` (a buffer not created yet, such as SGD's `momentum_buffer` without momentum).
 */
export type StateValue = tf.Tensor | number | null;
/**
 * A state entry `loadStateDict()` accepts: a tensor, a (nested) number array (shape taken from the variable), a number,
 * or `null` (PyTorch's `None`) for an entry the optimizer may lack.
 */
export type LoadableStateValue = tf.Tensor | number | null | number[] | number[][] | ArrayLike<number>;

/** PyTorch's optimizer state dict: per-parameter state keyed by the parameter's index, and the groups with indices. */
export interface OptimizerStateDict {
  state: Record<number, Record<string, StateValue>>;
  param_groups: Array<Record<string, unknown> & { params: number[] }>;
}

export interface LoadableOptimizerStateDict {
  state: Record<number | string, Record<string, LoadableStateValue>>;
  param_groups: Array<Record<string, unknown> & { params: number[] }>;
}

/** Per-variable optimizer state held between steps (`null`: PyTorch's `None`, an entry not created yet). */
export type ParamState = Record<string, tf.Tensor | number | null>;

function isVariable(value: unknown): value is tf.Variable {
  return value instanceof tf.Variable;
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return value != null && typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function';
}

/** Deep-copies plain hyper-parameter values (arrays such as `betas`) so groups never share them. */
function copyValue<T>(value: T): T {
  return (Array.isArray(value) ? [...value] : value) as T;
}

/**
 * Base class of the optimizers: PyTorch's `torch.optim.Optimizer` on TensorFlow.js variables.
 *
 * Gradients live beside the optimizer (PyTorch keeps them on `param.grad`): `accumulateGrads` adds to them,
 * `zeroGrad` drops them and `step` applies the update rule to every variable that has one.
 *
 * @example
 * const w = tf.variable(tf.tensor1d([1, 2]));
 * const sgd = new SGD([w], { lr: 0.1 });
 * const { grads } = tf.variableGrads(() => w.square().sum() as tf.Scalar, [w]);
 * sgd.accumulateGrads(new Map([[w, grads[w.name]!]]));
 * sgd.step();
 * sgd.zeroGrad();
 */
export abstract class Optimizer<D extends Record<string, unknown> = Record<string, unknown>> {
  readonly defaults: D & { lr: number };
  readonly paramGroups: ParamGroup[] = [];
  /** State per variable (PyTorch's `optimizer.state`). */
  readonly state = new Map<tf.Variable, ParamState>();
  /** Accumulated gradients per variable (PyTorch's `param.grad`). Kept tensors; owned by the optimizer. */
  readonly grads = new Map<tf.Variable, tf.Tensor>();

  constructor(params: ParamsInput, defaults: D & { lr: number }) {
    this.defaults = defaults;
    const list = [...(params as Iterable<unknown>)];
    if (list.length === 0)
      throw new OptimizerError('EMPTY_PARAMS', `${this.constructor.name} got an empty parameter list`);
    if (list.every(isVariable)) {
      this.addParamGroup({ params: list });
    } else {
      for (const [i, group] of list.entries()) {
        if (isVariable(group) || group == null || typeof group !== 'object' || !('params' in group)) {
          throw new OptimizerError(
            'BAD_PARAMS',
            `${this.constructor.name}: params[${i}] should be a tf.Variable or a group { params, ...options } ` +
              '(lists of variables and of groups cannot be mixed)',
          );
        }
        this.addParamGroup(group as { params: Iterable<tf.Variable> | tf.Variable });
      }
    }
  }

  /** Adds a group; options it does not set come from `defaults` (PyTorch's `add_param_group`). */
  addParamGroup(group: { params: Iterable<tf.Variable> | tf.Variable; [key: string]: unknown }): void {
    const params = isVariable(group.params) ? [group.params] : isIterable(group.params) ? [...group.params] : [];
    for (const p of params) {
      if (!isVariable(p))
        throw new OptimizerError('BAD_PARAMS', `${this.constructor.name} can only optimize tf.Variable`);
    }
    const seen = new Set(this.paramGroups.flatMap((g) => g.params));
    if (params.some((p) => seen.has(p))) {
      throw new OptimizerError('DUPLICATE_PARAMS', 'some parameters appear in more than one parameter group');
    }
    const full: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(this.defaults)) full[key] = copyValue(value);
    for (const [key, value] of Object.entries(group)) if (key !== 'params') full[key] = copyValue(value);
    if (typeof full.lr !== 'number') {
      throw new OptimizerError('MISSING_LR', `${this.constructor.name}: every parameter group needs a numeric lr`);
    }
    this.paramGroups.push({ ...full, params } as ParamGroup);
  }

  /** All variables of all groups, in group order (the indices used by `stateDict`). */
  params(): tf.Variable[] {
    return this.paramGroups.flatMap((g) => g.params);
  }

  /** Adds `grads` to the stored gradients (PyTorch's `backward` accumulating into `.grad`). Takes ownership. */
  accumulateGrads(grads: Map<tf.Variable, tf.Tensor>): void {
    for (const [variable, grad] of grads) {
      const previous = this.grads.get(variable);
      if (previous === undefined) {
        this.grads.set(variable, tf.keep(grad));
      } else {
        const sum = tf.keep(tf.add(previous, grad));
        previous.dispose();
        grad.dispose();
        this.grads.set(variable, sum);
      }
    }
  }

  /** Replaces the gradient of `variable` (used by gradient clipping). Takes ownership; frees the old one. */
  setGrad(variable: tf.Variable, grad: tf.Tensor): void {
    const previous = this.grads.get(variable);
    this.grads.set(variable, tf.keep(grad));
    if (previous !== undefined && previous !== grad) previous.dispose();
  }

  /** Drops every stored gradient (PyTorch's `zero_grad(set_to_none=True)`). */
  zeroGrad(): void {
    for (const grad of this.grads.values()) grad.dispose();
    this.grads.clear();
  }

  /** Updates every variable that has a stored gradient, group by group (PyTorch's `optimizer.step()`). */
  step(): void {
    this.applyGradients(this.grads);
  }

  /**
   * Updates the variables with the given gradients, without storing them or taking ownership (the counterpart of
   * `tf.train.Optimizer.applyGradients`). Variables of no group are ignored.
   */
  applyGradients(grads: ReadonlyMap<tf.Variable, tf.Tensor>): void {
    for (const group of this.paramGroups) {
      for (const param of group.params) {
        const grad = grads.get(param);
        if (grad === undefined || !param.trainable) continue;
        let state = this.state.get(param);
        if (state === undefined) {
          state = this.initState(param, group);
          this.state.set(param, state);
        }
        const previous = state;
        const next = tf.tidy(() => {
          const result = this.update(param, grad, previous, group);
          param.assign(result.param);
          return result.state as tf.TensorContainer;
        }) as ParamState;
        for (const value of Object.values(next)) if (value instanceof tf.Tensor) tf.keep(value);
        for (const [key, value] of Object.entries(previous)) {
          if (value instanceof tf.Tensor && next[key] !== value) value.dispose();
        }
        this.state.set(param, next);
      }
    }
  }

  /** The state a variable starts with before its first update. */
  protected abstract initState(param: tf.Variable, group: ParamGroup): ParamState;

  /** One update of one variable: the new value and the new state (old state tensors are freed by `step`). */
  protected abstract update(
    param: tf.Variable,
    grad: tf.Tensor,
    state: ParamState,
    group: ParamGroup,
  ): { param: tf.Tensor; state: ParamState };

  /** Frees the optimizer's state and stored gradients (the variables are the model's and stay). */
  dispose(): void {
    this.zeroGrad();
    for (const paramState of this.state.values()) {
      for (const value of Object.values(paramState)) if (value instanceof tf.Tensor) value.dispose();
    }
    this.state.clear();
  }

  /**
   * PyTorch-shaped state dict. Tensors are copies owned by the caller; with `{ asArrays: true }` they are read back
   * as nested number arrays instead (JSON-safe, for a checkpoint written as JSON).
   */
  stateDict(options: { asArrays: true }): LoadableOptimizerStateDict;
  stateDict(options?: { asArrays?: false }): OptimizerStateDict;
  stateDict(options: { asArrays?: boolean } = {}): OptimizerStateDict | LoadableOptimizerStateDict {
    const index = new Map<tf.Variable, number>();
    const paramGroups: OptimizerStateDict['param_groups'] = [];
    let next = 0;
    for (const group of this.paramGroups) {
      const ids: number[] = [];
      for (const p of group.params) {
        if (!index.has(p)) index.set(p, next++);
        ids.push(index.get(p) as number);
      }
      const packed: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(group)) if (key !== 'params') packed[key] = copyValue(value);
      paramGroups.push({ ...packed, params: ids });
    }
    const state: OptimizerStateDict['state'] = {};
    for (const [param, paramState] of this.state) {
      const i = index.get(param);
      if (i === undefined) continue;
      const entry: Record<string, StateValue> = {};
      for (const [key, value] of Object.entries(paramState)) {
        if (!(value instanceof tf.Tensor)) entry[key] = value;
        else entry[key] = options.asArrays ? (value.arraySync() as unknown as number) : tf.keep(value.clone());
      }
      state[i] = entry;
    }
    return { state, param_groups: paramGroups };
  }

  /** Loads a state dict made by `stateDict` (or by PyTorch, converted to numbers) for the same parameter layout. */
  loadStateDict(stateDict: LoadableOptimizerStateDict): void {
    const groups = stateDict.param_groups;
    if (!Array.isArray(groups) || groups.length !== this.paramGroups.length) {
      throw new OptimizerError(
        'STATE_MISMATCH',
        `loaded state dict has ${Array.isArray(groups) ? groups.length : 'no'} parameter groups, ` +
          `this ${this.constructor.name} has ${this.paramGroups.length}`,
      );
    }
    const byIndex = new Map<number, tf.Variable>();
    const groupOf = new Map<tf.Variable, ParamGroup>();
    groups.forEach((saved, g) => {
      const own = this.paramGroups[g] as ParamGroup;
      if (!Array.isArray(saved.params) || saved.params.length !== own.params.length) {
        throw new OptimizerError(
          'STATE_MISMATCH',
          `param_groups[${g}] of the loaded state dict has ${saved.params?.length ?? 0} parameters, ` +
            `this optimizer's group has ${own.params.length}`,
        );
      }
      saved.params.forEach((id, j) => {
        byIndex.set(id, own.params[j] as tf.Variable);
        groupOf.set(own.params[j] as tf.Variable, own);
      });
    });
    for (const [key, entry] of Object.entries(stateDict.state ?? {})) {
      const param = byIndex.get(Number(key));
      if (param !== undefined) this._checkNullEntries(key, entry, param, groupOf.get(param) as ParamGroup);
    }
    for (const paramState of this.state.values()) {
      for (const value of Object.values(paramState)) if (value instanceof tf.Tensor) value.dispose();
    }
    this.state.clear();
    for (const [key, entry] of Object.entries(stateDict.state ?? {})) {
      const param = byIndex.get(Number(key));
      if (param === undefined) {
        throw new OptimizerError('STATE_MISMATCH', `state[${key}] names a parameter index no group has`);
      }
      const restored: ParamState = {};
      for (const [name, value] of Object.entries(entry)) restored[name] = toStateValue(value, param, name);
      this.state.set(param, restored);
    }
    groups.forEach((saved, g) => {
      const own = this.paramGroups[g] as ParamGroup;
      for (const [key, value] of Object.entries(saved)) if (key !== 'params') own[key] = copyValue(value);
    });
  }

  // PyTorch's state holds `None` only for entries an optimizer creates lazily (SGD's `momentum_buffer`); a `null` for
  // an entry this optimizer starts every parameter with (`initState`) is a damaged checkpoint.
  private _checkNullEntries(
    key: string,
    entry: Record<string, LoadableStateValue>,
    param: tf.Variable,
    group: ParamGroup,
  ): void {
    const nulls = Object.keys(entry).filter((name) => entry[name] === null);
    if (nulls.length === 0) return;
    const required = tf.tidy(() => Object.keys(this.initState(param, group)));
    const bad = nulls.find((name) => required.includes(name));
    if (bad === undefined) return;
    throw new OptimizerError(
      'STATE_MISMATCH',
      `state[${key}].${bad} is null (Python None), but ${this.constructor.name} keeps a tensor of shape ` +
        `[${param.shape.join(', ')}] there for every parameter it has stepped`,
    );
  }
}

// State entries that are plain counters, not tensors shaped like the parameter (PyTorch >= 1.12 stores them as
// 0-d tensors; they are numbers here).
const SCALAR_STATE = new Set(['step', 'mu_product']);

// `x instanceof Optimizer` also holds for optimizers of another copy of this package (its ESM and CJS builds in one
// process share the registries, so either may have built it).
brandClass(Optimizer, '@eng/optim/Optimizer');

function toStateValue(value: LoadableStateValue, param: tf.Variable, name: string): tf.Tensor | number | null {
  if (typeof value === 'number' || value === null) return value;
  if (value instanceof tf.Tensor) {
    if (SCALAR_STATE.has(name) && value.size === 1) return value.dataSync()[0] as number;
    return tf.keep(value.clone());
  }
  const flat = (
    Array.isArray(value) ? (value as unknown[]).flat(Number.POSITIVE_INFINITY) : Array.from(value)
  ) as number[];
  if (SCALAR_STATE.has(name) && flat.length === 1) return flat[0] as number;
  if (flat.length !== param.size) {
    throw new OptimizerError(
      'STATE_MISMATCH',
      `state '${name}' has ${flat.length} values but its parameter has shape [${param.shape.join(', ')}]`,
    );
  }
  return tf.keep(tf.tensor(flat, param.shape, 'float32'));
}
