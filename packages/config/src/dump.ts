// Dumping a config as JSON, YAML or a TS/JS module. Every format reloads to an equal config.
import { typeName } from './describe-value';
import { type Dict, isDict } from './dict';
import { ConfigError } from './errors';
import { yamlModule } from './loaders/yaml-module';
import { registryNameOf } from './registry-names';
import { yaml11Number, yaml11ReadsAsNonString } from './yaml-1-1-lookalike';

export type DumpFormat = 'json' | 'yaml' | 'module';

/** Config data with classes replaced by their registry names; refuses what a file cannot hold. */
export function toSerializable(value: unknown, file: string | undefined, keyPath = ''): unknown {
  if (Array.isArray(value))
    return value.map((item, i) => toSerializable(item, file, keyPath ? `${keyPath}.${i}` : String(i)));
  if (isDict(value)) {
    const out: Dict = {};
    for (const key of Object.keys(value)) {
      const item = value[key];
      if (item === undefined) continue;
      Object.defineProperty(out, key, {
        value: toSerializable(item, file, keyPath ? `${keyPath}.${key}` : key),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  if (typeof value === 'function') {
    const name = registryNameOf(value);
    if (name !== undefined) return name;
    throw new ConfigError(
      'DUMP',
      `Cannot dump ${typeName(value)} ${value.name || '(anonymous)'} at "${keyPath}": it is not registered in any ` +
        'registry of @eng/registry. Register it (e.g. MODELS.registerModule({ module: MyClass })) or write its name as a string',
      { file, keyPath },
    );
  }
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return value;
  throw new ConfigError('DUMP', `Cannot dump a value of type ${typeName(value)} at "${keyPath}"`, { file, keyPath });
}

export function dumpJson(data: Dict, file: string | undefined): string {
  return `${JSON.stringify(
    data,
    (key, value) => {
      if (typeof value === 'number' && !Number.isFinite(value)) {
        throw new ConfigError('DUMP', `JSON cannot hold ${value} (at key "${key}"); dump as YAML or TS instead`, {
          file,
        });
      }
      return value;
    },
    2,
  )}\n`;
}

const NUMBER_TAGS = new Set(['tag:yaml.org,2002:int', 'tag:yaml.org,2002:float']);

/** The core schema's number tags, writing `1e-7` as `1.0e-7` (a float for PyYAML too, which reads `1e-7` as a string). */
function withYaml11Numbers<T>(tag: T): T {
  if (typeof tag !== 'object' || tag === null) return tag;
  const scalar = tag as { tag?: string; stringify?: (node: { value: unknown }, ...rest: never[]) => string };
  const stringify = scalar.stringify;
  if (scalar.tag === undefined || !NUMBER_TAGS.has(scalar.tag) || stringify === undefined) return tag;
  return {
    ...tag,
    stringify: (node: { value: unknown }, ...rest: never[]) =>
      (typeof node.value === 'number' ? yaml11Number(node.value) : undefined) ?? stringify(node, ...rest),
  };
}

// NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR break a line in YAML 1.1 (PyYAML), even inside quotes
const YAML_11_BREAK = /[\u0085\u2028\u2029]/;
const YAML_11_BREAKS = /[\u0085\u2028\u2029]/g;
const YAML_11_BREAK_ESCAPES: Record<string, string> = { '\u0085': '\\N', '\u2028': '\\L', '\u2029': '\\P' };

export function dumpYaml(data: Dict): string {
  const { Document, isScalar: isYamlScalar, isSeq, visit } = yamlModule();
  const doc = new Document(data, {
    version: '1.2',
    schema: 'core',
    aliasDuplicateObjects: false,
    customTags: (tags) => tags.map(withYaml11Numbers),
  });
  visit(doc, {
    // lists of scalars read best inline: `milestones: [8, 11]`
    Seq(_key, node) {
      if (isSeq(node) && node.items.length <= 16 && node.items.every((item) => isYamlScalar(item))) node.flow = true;
    },
    // values and keys that a YAML 1.1 reader (PyYAML, so MMEngine) would read as something else, and those
    // holding a character that is a line break in YAML 1.1 only (escaped below)
    Scalar(_key, node) {
      if (typeof node.value !== 'string') return;
      if (yaml11ReadsAsNonString(node.value) || YAML_11_BREAK.test(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  // those characters are now only inside double quotes, where the yaml package writes them as they are
  return doc
    .toString({ lineWidth: 0, flowCollectionPadding: false })
    .replace(YAML_11_BREAKS, (c) => YAML_11_BREAK_ESCAPES[c] as string);
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

const ESCAPES: Record<string, string> = { '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A single-quoted JS string literal. */
function quote(text: string): string {
  let out = "'";
  for (const c of text) {
    const code = c.charCodeAt(0);
    const escaped = ESCAPES[c];
    if (escaped !== undefined) out += escaped;
    else if (code < 0x20 || code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += c;
  }
  return `${out}'`;
}

function literal(value: unknown): string {
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  return String(value);
}

const isScalar = (value: unknown) => value === null || typeof value !== 'object';

function formatKey(key: string): string {
  return IDENTIFIER.test(key) ? key : quote(key);
}

/** A JS object literal, keys sorted (as MMEngine's pretty_text), short scalar-only dicts and lists inline. */
function formatValue(value: unknown, indent: string, width: number): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every(isScalar)) {
      const line = `[${value.map(literal).join(', ')}]`;
      if (indent.length + line.length <= width) return line;
    }
    return `[\n${value.map((item) => `${inner}${formatValue(item, inner, width)},\n`).join('')}${indent}]`;
  }
  if (isDict(value)) {
    const keys = Object.keys(value).sort();
    if (keys.length === 0) return '{}';
    if (keys.every((k) => isScalar(value[k]))) {
      const line = `{ ${keys.map((k) => `${formatKey(k)}: ${literal(value[k])}`).join(', ')} }`;
      if (indent.length + line.length <= width) return line;
    }
    return `{\n${keys.map((k) => `${inner}${formatKey(k)}: ${formatValue(value[k], inner, width)},\n`).join('')}${indent}}`;
  }
  return literal(value);
}

export function dumpModule(data: Dict, ext: string): string {
  const keys = Object.keys(data).sort();
  // the top level is always one key a line, so that diffs of two configs read well
  const body =
    keys.length === 0
      ? '{}'
      : `{\n${keys.map((k) => `  ${formatKey(k)}: ${formatValue(data[k], '  ', 100)},\n`).join('')}}`;
  return ext === '.cjs' ? `module.exports = ${body};\n` : `export default ${body};\n`;
}
