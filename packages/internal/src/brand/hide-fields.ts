/**
 * Makes the object's own `_`-prefixed fields non-enumerable, so that its private state stays out of
 * `JSON.stringify`, `Object.keys`, spreads and `structuredClone` (as `#fields` would), while methods of another copy
 * of the class can still read it. Call it at the end of the constructor.
 */
export function hideFields(target: object): void {
  for (const key of Object.keys(target)) {
    if (key.startsWith('_')) Object.defineProperty(target, key, { enumerable: false });
  }
}
