// `#platform` resolves through package.json "imports": Node gets platform/node, everything else platform/browser.
declare module '#platform' {
  export const platform: import('./types').Platform;
}
