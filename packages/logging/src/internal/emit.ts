/** The key of MMLogger's internal logging method; `Symbol.for` so that the ESM and CJS builds agree on it. */
export const EMIT: unique symbol = Symbol.for('@eng/logging/emit') as never;
