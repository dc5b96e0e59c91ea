import { describe } from './errors';
import { type ScopeOverride, nextSequence, state } from './global-state';
import { ManagerMixin } from './manager-mixin';

const DEFAULT_SCOPE_KEY = '@eng/registry/DefaultScope';

// Override scopes are immutable, so one object per scope name serves every overwrite (the hot `_scope_` path).
const overrideScopes = new Map<string, DefaultScope>();

// DefaultScope.getCurrentInstance returns undefined instead of throwing, so its static side narrows ManagerMixin's.
const ManagerBase: Omit<typeof ManagerMixin, 'getCurrentInstance'> &
  (new (
    name: string | { readonly name: string },
  ) => ManagerMixin) = ManagerMixin;

/**
 * MMEngine's `DefaultScope`: the scope of the current task (e.g. `mmdet`), which `build` switches to so that the
 * modules of that codebase are found from anywhere. Process-wide; overrides (`overwriteDefaultScope`, `_scope_`,
 * `switchScopeAndRegistry`) are per async task in Node.
 *
 * @example
 * DefaultScope.getInstance('task', { scopeName: 'mmdet' });
 * DefaultScope.getCurrentInstance()?.scopeName; // 'mmdet'
 */
export class DefaultScope extends ManagerBase {
  static override managerKey = DEFAULT_SCOPE_KEY;

  readonly scopeName: string;

  constructor(options: { readonly name: string; readonly scopeName: string }) {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`DefaultScope expects { name, scopeName }, but got ${describe(options)}`);
    }
    super(options.name);
    if (typeof options.scopeName !== 'string') {
      throw new TypeError(`scopeName should be a string, but got ${describe(options.scopeName)}`);
    }
    this.scopeName = options.scopeName;
  }

  /**
   * The default scope in effect: the newer of this task's override and the latest created instance;
   * `undefined` when there is none (unlike other managers, it does not throw).
   */
  static getCurrentInstance(): DefaultScope | undefined {
    const override = state.scopeStore.current();
    const record = state.managers.get(DEFAULT_SCOPE_KEY);
    if (override !== undefined && (record === undefined || override.sequence > record.latestSequence)) {
      return override.scope as DefaultScope;
    }
    return record?.latest as DefaultScope | undefined;
  }

  /**
   * Runs `fn` with `scopeName` as the default scope (nothing changes for `undefined`) and returns its result. The
   * scope lasts for the callback's whole run, awaits included, and is invisible to concurrent tasks.
   */
  static overwriteDefaultScope<R>(scopeName: string | undefined | null, fn: () => R): R {
    if (typeof fn !== 'function') throw new TypeError(`overwriteDefaultScope expects a callback, got ${describe(fn)}`);
    if (scopeName === undefined || scopeName === null) return fn();
    if (typeof scopeName !== 'string') {
      throw new TypeError(`scopeName should be a string or undefined, but got ${describe(scopeName)}`);
    }
    // Already the scope in effect: an override would change nothing that can be observed.
    if (DefaultScope.getCurrentInstance()?.scopeName === scopeName) return fn();
    let scope = overrideScopes.get(scopeName);
    if (scope === undefined) {
      scope = new DefaultScope({ name: `overwrite-${scopeName}`, scopeName });
      overrideScopes.set(scopeName, scope);
    }
    const override: ScopeOverride = { scope, sequence: nextSequence() };
    return state.scopeStore.run(override, fn);
  }
}
