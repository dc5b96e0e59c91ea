// `{{fileDirname}}`-style predefined variables and `{{$ENV_NAME:default}}` environment variables.
// For JSON and YAML they are substituted in the text before parsing (as MMEngine does, so an unquoted
// `{{$EPOCHS:12}}` becomes a number); for TS/JS configs, in the string values of the loaded object.
import { basename, dirname, extname } from 'node:path';
import { ConfigError } from './errors';
import { type OffsetMap, replaceMapped } from './text-map';

export interface FileInfo {
  fileDirname: string;
  fileBasename: string;
  fileBasenameNoExtension: string;
  fileExtname: string;
}

export function fileInfo(filename: string): FileInfo {
  const ext = extname(filename);
  const base = basename(filename);
  return {
    // MMEngine writes Windows separators as '/' so the value is safe inside quoted text
    fileDirname: dirname(filename).replace(/\\/g, '/'),
    fileBasename: base,
    fileBasenameNoExtension: base.slice(0, base.length - ext.length),
    fileExtname: ext,
  };
}

const PREDEFINED = /\{\{\s*(fileDirname|fileBasename|fileBasenameNoExtension|fileExtname)\s*\}\}/g;
const ENV = /\{\{['"]?\s*\$(\w+)\s*:\s*(\S*?)\s*['"]?\}\}/g;

export function substitutePredefined(text: string, info: FileInfo, map: OffsetMap): string {
  if (!text.includes('{{')) return text;
  return replaceMapped(text, PREDEFINED, (m) => info[m[1] as keyof FileInfo], map);
}

export function substituteEnv(
  text: string,
  env: Record<string, string | undefined>,
  used: Record<string, string>,
  file: string | undefined,
  map: OffsetMap,
): string {
  if (!text.includes('{{')) return text;
  return replaceMapped(
    text,
    ENV,
    (m) => {
      const name = m[1] as string;
      const fromEnv = env[name];
      const value = fromEnv !== undefined && fromEnv !== '' ? fromEnv : (m[2] as string);
      if (fromEnv !== undefined && fromEnv !== '') used[name] = fromEnv;
      if (value === '') {
        throw new ConfigError(
          'ENV_VAR',
          `Environment variable ${name} is not set and ${m[0]} gives no default. ` +
            `Set ${name} or write a default: {{$${name}:value}}`,
          { file },
        );
      }
      return value;
    },
    map,
  );
}
