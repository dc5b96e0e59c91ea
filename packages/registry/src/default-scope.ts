import { describe } from '@eng/internal';
import { type ScopeOverride, state } from './global-state';
import { INSTANCE_CREATED, ManagerMixin } from './manager-mixin';

export const DEFAULT_SCOPE_KEY = '@eng/registry/DefaultScope';

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
   * The default scope in effect: this task's override while one runs (or an instance this task created inside
   * it), else the latest created instance; `undefined` when there is none (unlike other managers, it does not
   * throw). Instances created by concurrent tasks never replace a running override.
   */
  static getCurrentInstance(): DefaultScope | undefined {
    const override = state.scopeStore.current();
    if (override !== undefined) return override.scope as DefaultScope;
    return state.managers.get(DEFAULT_SCOPE_KEY)?.latest as DefaultScope | undefined;
  }

  /** @internal An instance created inside an override becomes that task's default scope until the override ends. */
  static [INSTANCE_CREATED](instance: DefaultScope): void {
    const override = state.scopeStore.current();
    if (override !== undefined) override.scope = instance;
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
    // Already this task's override: another one would change nothing that can be observed.
    if (state.scopeStore.current()?.scope.scopeName === scopeName) return fn();
    let scope = overrideScopes.get(scopeName);
    if (scope === undefined) {
      scope = new DefaultScope({ name: `overwrite-${scopeName}`, scopeName });
      overrideScopes.set(scopeName, scope);
    }
    const override: ScopeOverride = { scope };
    return state.scopeStore.run(override, fn);
  }
}
