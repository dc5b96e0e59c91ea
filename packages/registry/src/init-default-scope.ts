import { DefaultScope } from './default-scope';
import { warn } from './logger';

/**
 * MMEngine's `init_default_scope`: makes `scope` the default scope, creating a `DefaultScope` named after it;
 * warns when another scope was current.
 */
export function initDefaultScope(scope: string): void {
  if (typeof scope !== 'string') throw new TypeError('initDefaultScope expects a scope name (string)');
  const current = DefaultScope.getCurrentInstance();
  if (current === undefined || !DefaultScope.checkInstanceCreated(scope)) {
    DefaultScope.getInstance(scope, { scopeName: scope });
    return;
  }
  if (current.scopeName !== scope) {
    warn(
      `The current default scope "${current.scopeName}" is not "${scope}"; initDefaultScope forces the default ` +
        `scope to "${scope}".`,
    );
    DefaultScope.getInstance(`${scope}-${new Date().toISOString()}-${Math.random().toString(36).slice(2, 8)}`, {
      scopeName: scope,
    });
  }
}
