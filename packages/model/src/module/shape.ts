/** Whether two shapes are equal, axis by axis. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** A shape as messages print it: `[2, 3]`. */
export function shapeString(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
