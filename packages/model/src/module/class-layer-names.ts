/**
 * What `layerNames()` gives for instances of `cls`: its name and every parent class's, each followed by the
 * `torchBases` that class declares itself.
 */
export function classLayerNames(cls: Function): string[] {
  const names: string[] = [];
  let ctor: (Function & { torchBases?: readonly string[] }) | null = cls;
  while (typeof ctor === 'function' && ctor.name) {
    names.push(ctor.name);
    if (Object.hasOwn(ctor, 'torchBases')) names.push(...(ctor.torchBases ?? []));
    ctor = Object.getPrototypeOf(ctor) as (Function & { torchBases?: readonly string[] }) | null;
  }
  return [...new Set(names)];
}
