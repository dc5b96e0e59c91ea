// The `yaml` package is loaded on first use (synchronously, as `dump` is synchronous): a process that only
// reads JSON or TS configs does not pay for it.
import { createRequire } from 'node:module';

type YamlModule = typeof import('yaml');
let loaded: YamlModule | undefined;

export function yamlModule(): YamlModule {
  loaded ??= createRequire(import.meta.url)('yaml') as YamlModule;
  return loaded;
}
