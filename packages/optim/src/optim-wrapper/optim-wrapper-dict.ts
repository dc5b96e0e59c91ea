import { z } from 'zod';
import { OptimWrapperError } from '../errors';
import { OptimWrapper, type OptimWrapperStateDict } from './optim-wrapper';

/**
 * Several named optimizer wrappers, e.g. a GAN's generator and discriminator (MMEngine's `OptimWrapperDict`).
 * It exports and loads their state and reports their learning rates and momenta; updating is done through
 * each wrapper (`dict.get('gen').updateParams(...)`), since only the caller knows which loss belongs to which.
 *
 * @example
 * const optims = new OptimWrapperDict({ gen: genWrapper, disc: discWrapper });
 * optims.getLr(); // { 'gen.lr': [0.01], 'disc.lr': [0.01] }
 */
export class OptimWrapperDict {
  /** Any names, each an OptimWrapper (the constructor says which one is not). */
  static readonly optionsSchema = z.record(z.string(), z.unknown());

  readonly optimWrappers: Record<string, OptimWrapper>;

  constructor(optimWrappers: Record<string, OptimWrapper>) {
    for (const [key, value] of Object.entries(optimWrappers ?? {})) {
      if (!(value instanceof OptimWrapper)) {
        throw new TypeError(
          `\`OptimWrapperDict\` only accept OptimWrapper instance, but got ${key}: ${String((value as object)?.constructor?.name ?? typeof value)}`,
        );
      }
    }
    this.optimWrappers = { ...optimWrappers };
  }

  private _unsupported(method: string): never {
    throw new OptimWrapperError(
      'NOT_SUPPORTED',
      `\`${method}\` should be called by each optimizer wrapper of the OptimWrapperDict separately (keys: ${this.keys().join(', ')})`,
    );
  }

  updateParams(): never {
    return this._unsupported('updateParams');
  }

  backward(): never {
    return this._unsupported('backward');
  }

  step(): never {
    return this._unsupported('step');
  }

  optimContext(): never {
    return this._unsupported('optimContext');
  }

  /** Zeroes the gradients of every wrapper. */
  zeroGrad(): void {
    for (const wrapper of this.values()) wrapper.zeroGrad();
  }

  /** Does nothing: each wrapper's count status is initialised separately. */
  initializeCountStatus(_model: unknown, _curIter: number, _maxIters: number): void {}

  get paramGroups(): Record<string, OptimWrapper['paramGroups']> {
    return Object.fromEntries(this.entries().map(([k, w]) => [k, w.paramGroups]));
  }

  getLr(): Record<string, number[]> {
    const out: Record<string, number[]> = {};
    for (const [name, wrapper] of this.entries()) {
      const lr = wrapper.getLr();
      if (lr.base_lr !== undefined) out[`${name}.base_lr`] = lr.base_lr;
      out[`${name}.lr`] = lr.lr;
    }
    return out;
  }

  getMomentum(): Record<string, number[]> {
    return Object.fromEntries(this.entries().map(([name, w]) => [`${name}.momentum`, w.getMomentum().momentum]));
  }

  /** Every wrapper's state dict by name; `asArrays` makes them JSON-safe as for a single wrapper. */
  stateDict(options: { asArrays?: boolean } = {}): Record<string, OptimWrapperStateDict> {
    return Object.fromEntries(this.entries().map(([name, w]) => [name, w.stateDict(options)]));
  }

  loadStateDict(stateDict: Record<string, Parameters<OptimWrapper['loadStateDict']>[0]>): void {
    for (const [name, state] of Object.entries(stateDict)) {
      const wrapper = this.optimWrappers[name];
      if (wrapper === undefined)
        throw new OptimWrapperError(
          'STATE_MISMATCH',
          `Mismatched \`state_dict\`! cannot found ${name} in OptimWrapperDict (keys: ${this.keys().join(', ')})`,
        );
      wrapper.loadStateDict(state);
    }
  }

  get(key: string): OptimWrapper {
    const wrapper = this.optimWrappers[key];
    if (wrapper === undefined)
      throw new OptimWrapperError(
        'UNKNOWN_KEY',
        `Cannot find ${key} in OptimWrapperDict (keys: ${this.keys().join(', ')}), please check your optimizer constructor.`,
      );
    return wrapper;
  }

  has(key: string): boolean {
    return Object.hasOwn(this.optimWrappers, key);
  }

  get size(): number {
    return this.keys().length;
  }

  keys(): string[] {
    return Object.keys(this.optimWrappers);
  }

  values(): OptimWrapper[] {
    return Object.values(this.optimWrappers);
  }

  entries(): Array<[string, OptimWrapper]> {
    return Object.entries(this.optimWrappers);
  }

  [Symbol.iterator](): Iterator<[string, OptimWrapper]> {
    return this.entries()[Symbol.iterator]();
  }
}
