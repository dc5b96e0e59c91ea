// Which parser reads YAML configs and which evaluator runs TS configs. Only benchmarks and tests switch them, to
// time the fast paths against the previous ones and to check that both give the same configs.
export interface LoaderEngines {
  /** js-yaml (falling back to `yaml` where they differ), or `yaml` alone */
  yaml: 'js-yaml' | 'yaml';
  /** sucrase and our own wrapper where it can (else jiti), or jiti alone */
  modules: 'sucrase' | 'jiti';
}

export const loaderEngines: LoaderEngines = { yaml: 'js-yaml', modules: 'sucrase' };
