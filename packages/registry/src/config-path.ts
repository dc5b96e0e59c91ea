/** Finds where `target` sits inside `container` (by identity, a few levels deep): `.backbone`, `[0]`, `.neck.layers[1]`. */
function locate(container: unknown, target: object, depth: number): string | undefined {
  if (depth === 0 || container === null || typeof container !== 'object') return undefined;
  if (Array.isArray(container)) {
    for (let i = 0; i < container.length; i++) {
      if (container[i] === target) return `[${i}]`;
    }
    for (let i = 0; i < container.length; i++) {
      const inner = locate(container[i], target, depth - 1);
      if (inner !== undefined) return `[${i}]${inner}`;
    }
    return undefined;
  }
  const record = container as Record<string, unknown>;
  for (const key of Object.keys(record)) if (record[key] === target) return `.${key}`;
  for (const key of Object.keys(record)) {
    const inner = locate(record[key], target, depth - 1);
    if (inner !== undefined) return `.${key}${inner}`;
  }
  return undefined;
}

/**
 * The key path of the innermost config of `chain` (outermost first) inside the outermost, e.g. `friend.toy[0]`.
 * A config a constructor built from something not found in its own config shows as `<built by Type>`.
 */
export function configPathOf(chain: readonly object[]): string {
  let path = '';
  for (let i = 1; i < chain.length; i++) {
    const parent = chain[i - 1]!;
    const found = locate(parent, chain[i]!, 4);
    if (found !== undefined) path += found;
    else {
      const type = (parent as { type?: unknown }).type;
      const name = typeof type === 'string' ? type : typeof type === 'function' ? type.name : '?';
      path += `.<built by ${name}>`;
    }
  }
  return path.startsWith('.') ? path.slice(1) : path;
}
