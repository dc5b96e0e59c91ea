/** @packageDocumentation MMEngine-style configs: inheritance through _base_, references, overrides, and dumps in TS, JSON and YAML. */
export {};
