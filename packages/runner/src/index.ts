/** @packageDocumentation The Runner, loops, hooks, checkpoints and the `eng` command line: composes the whole stack. */
export { type Command, commands, main, usage } from './cli';
