// YAML configs with the YAML 1.2 core schema (`1e-3` is a number, `yes` a string); never code. js-yaml reads
// them (about 4x faster than `yaml`); a text it refuses, and the few constructs where the two parsers disagree,
// go to the `yaml` package, so errors keep the message and position they had, and anchors keep its limit on
// alias expansion.
import { ConfigParseError } from '../errors';
import { lineColumn, type OffsetMap } from '../text-map';
import { loaderEngines } from './engines';
import { loadCoreYaml } from './yaml-core-schema';
import { yamlModule } from './yaml-module';

// `*name` at the start of a node: js-yaml shares the aliased object without limiting how far a chain of aliases
// expands (a "billion laughs" file would then be copied out exponentially), while `yaml` refuses excessive aliasing
const ALIAS = /(?:^|[\s[{,])\*[^\s,[\]{}]/m;
// a line of compact sequence entries that ends with an empty one (`- - `): js-yaml nests the next entry inside it
const EMPTY_COMPACT_ENTRY = /^[ \t]*-(?:[ \t]+-)+[ \t]*(?:#.*)?$/m;

export function parseYaml(text: string, file: string, original: string, map: OffsetMap): unknown {
  if (loaderEngines.yaml === 'js-yaml' && !ALIAS.test(text) && !EMPTY_COMPACT_ENTRY.test(text)) {
    try {
      return loadCoreYaml(text);
    } catch {
      // `yaml` reports the error below (or reads the few things js-yaml refuses: unknown tags, `!!binary`)
    }
  }
  return parseWithYaml(text, file, original, map);
}

function parseWithYaml(text: string, file: string, original: string, map: OffsetMap): unknown {
  const yaml = yamlModule();
  try {
    // merge keys (`<<`) are not part of the 1.2 core schema; unique keys are enforced
    return yaml.parse(text, { schema: 'core', version: '1.2', merge: false, uniqueKeys: true, prettyErrors: false });
  } catch (error) {
    if (error instanceof yaml.YAMLParseError) {
      const position = lineColumn(original, map.toOriginal(error.pos[0]));
      const reason = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? error.message;
      throw new ConfigParseError(file, reason, position, error);
    }
    throw new ConfigParseError(file, error instanceof Error ? error.message : String(error), undefined, error);
  }
}
