import type { Registry } from '@eng/registry';

const MARK = Symbol.for('toycls/registered');

/**
 * Registers `modules` in `registry` under their keys, marked `<owner>:<name>`. A name already holding a module with
 * the same mark is left alone: that is the other build (ESM or CJS) of the same package, sharing the process-wide
 * registries. Anything else under the name is the registry's ordinary duplicate-name error.
 *
 * @example
 * registerOnce(TOYCLS_MODELS, 'toycls', { SmallResNet });
 */
export function registerOnce(registry: Registry<any>, owner: string, modules: Record<string, Function>): void {
  for (const [name, module] of Object.entries(modules)) {
    const mark = `${owner}:${name}`;
    const existing = registry.moduleDict.get(name) as { [MARK]?: unknown } | undefined;
    if (existing?.[MARK] === mark) continue;
    if (!Object.hasOwn(module, MARK)) Object.defineProperty(module, MARK, { value: mark });
    registry.registerModule({ name, module: module as never });
  }
}
