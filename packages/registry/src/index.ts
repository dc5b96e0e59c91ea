/** @packageDocumentation MMEngine-style registries: a process-wide, scoped tree of named classes that builds objects from configs. */
export {};
