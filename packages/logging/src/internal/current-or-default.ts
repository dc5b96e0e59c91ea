import { ManagerMixin } from '@eng/registry';

/**
 * The latest instance of the ManagerMixin class `cls`, creating the one named `defaultName` when none exists yet:
 * what MMEngine's MMLogger and MessageHub do in `get_current_instance`.
 */
export function currentOrDefault(cls: Function, defaultName: string): unknown {
  try {
    return ManagerMixin.getCurrentInstance.call(cls as typeof ManagerMixin);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'NO_INSTANCE') throw error;
    return ManagerMixin.getInstance.call(cls as typeof ManagerMixin, defaultName);
  }
}
