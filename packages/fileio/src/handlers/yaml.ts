import { parse, stringify } from 'yaml';
import { BaseFileHandler, type HandlerOptions } from './base';

function yamlOptions(options: HandlerOptions): Record<string, unknown> {
  const { encoding: _encoding, ...rest } = options;
  return typeof rest.indent === 'string' ? { ...rest, indent: rest.indent.length } : rest;
}

/** `yaml` / `yml`, on the `yaml` package (YAML 1.2); other options go to its `parse` / `stringify`. */
export class YamlHandler extends BaseFileHandler {
  override loadFromString(text: string, options: HandlerOptions = {}): unknown {
    return parse(text, yamlOptions(options));
  }

  override dumpToString(obj: unknown, options: HandlerOptions = {}): string {
    return stringify(obj, yamlOptions(options));
  }
}
