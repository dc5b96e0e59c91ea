import { DEFAULT_SCOPE_KEY } from '../default-scope';
import { state } from '../global-state';

/**
 * Forgets every `DefaultScope` instance, so a test starts with no default scope (MMEngine's tests reset
 * `DefaultScope._instance_dict` the same way). For tests only: other code may hold a scope that this drops.
 */
export function resetDefaultScopes(): void {
  state.managers.delete(DEFAULT_SCOPE_KEY);
}
