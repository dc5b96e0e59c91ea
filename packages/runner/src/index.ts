/** @packageDocumentation The Runner, loops, hooks, checkpoints and the `eng` command line: composes the whole stack. */
export {};
