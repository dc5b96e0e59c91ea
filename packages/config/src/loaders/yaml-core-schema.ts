// js-yaml with exactly the YAML 1.2 core schema that the `yaml` package applies: js-yaml's own CORE_SCHEMA also
// reads `1_000`, `0b101` and signed hex or octal as numbers, and has no way to turn that off. Loaded on first use
// (synchronously, as a config file's parse is), like the `yaml` package.
import { createRequire } from 'node:module';

type JsYaml = typeof import('js-yaml');
type Schema = import('js-yaml').Schema;

const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/;
const FLOAT =
  /^(?:[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

function parseInteger(text: string): number {
  if (text[1] === 'o') return Number.parseInt(text.slice(2), 8);
  if (text[1] === 'x') return Number.parseInt(text.slice(2), 16);
  return Number.parseInt(text, 10);
}

function parseFloating(text: string): number {
  const tail = text.slice(-3).toLowerCase();
  if (tail === 'nan') return Number.NaN;
  if (tail === 'inf') return text[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  return Number.parseFloat(text);
}

let loaded: { jsYaml: JsYaml; schema: Schema } | undefined;

function coreSchema(): { jsYaml: JsYaml; schema: Schema } {
  if (loaded) return loaded;
  const jsYaml = createRequire(import.meta.url)('js-yaml') as JsYaml;
  const scalar = (name: string, pattern: RegExp, construct: (text: string) => unknown, empty = false) =>
    new jsYaml.Type(`tag:yaml.org,2002:${name}`, {
      kind: 'scalar',
      resolve: (text: string | null) => (text === null ? empty : pattern.test(text)),
      construct,
    });
  const schema = jsYaml.FAILSAFE_SCHEMA.extend({
    implicit: [
      scalar('null', NULL, () => null, true),
      scalar('bool', BOOL, (text) => text[0] === 't' || text[0] === 'T'),
      scalar('int', INT, parseInteger),
      scalar('float', FLOAT, parseFloating),
    ],
  });
  loaded = { jsYaml, schema };
  return loaded;
}

/** Parses one YAML document with js-yaml and the 1.2 core schema; duplicate keys throw, `<<` is an ordinary key. */
export function loadCoreYaml(text: string): unknown {
  const { jsYaml, schema } = coreSchema();
  return jsYaml.load(text, { schema });
}
