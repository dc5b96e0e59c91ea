// YAML configs with the YAML 1.2 core schema (`1e-3` is a number, `yes` a string); never code.
import { yamlModule } from './yaml-module';
import { ConfigParseError } from '../errors';
import { lineColumn, type OffsetMap } from '../text-map';

export function parseYaml(text: string, file: string, original: string, map: OffsetMap): unknown {
  try {
    // merge keys (`<<`) are not part of the 1.2 core schema; unique keys are enforced
    return yamlModule().parse(text, {
      schema: 'core',
      version: '1.2',
      merge: false,
      uniqueKeys: true,
      prettyErrors: false,
    });
  } catch (error) {
    if (error instanceof yamlModule().YAMLParseError) {
      const position = lineColumn(original, map.toOriginal(error.pos[0]));
      const reason = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? error.message;
      throw new ConfigParseError(file, reason, position, error);
    }
    throw new ConfigParseError(file, error instanceof Error ? error.message : String(error), undefined, error);
  }
}
