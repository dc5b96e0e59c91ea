// YAML 1.1's implicit types, as PyYAML resolves them (and so MMEngine's `Config.fromfile` of a .yaml file).
// A dump quotes every string that such a reader would take for something else, so it reads back as written.

const YAML_11_IMPLICIT: readonly RegExp[] = [
  // bool (YAML 1.1 also has y/n; PyYAML leaves them strings, other 1.1 readers do not)
  /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|y|Y|n|N)$/,
  // int: binary, octal (leading 0), decimal with `_`, hex, sexagesimal (`1:30`)
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  // float: a dot is required, `_` allowed, sexagesimal, .inf and .nan
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  // null
  /^(?:~|null|Null|NULL|)$/,
  // timestamp: a date, or a date and time
  /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/,
  // the merge key and the value key (PyYAML refuses a plain `=`)
  /^(?:<<|=)$/,
];

/** Whether a YAML 1.1 reader (PyYAML) reads `text`, written as a plain scalar, as anything but that string. */
export function yaml11ReadsAsNonString(text: string): boolean {
  return YAML_11_IMPLICIT.some((pattern) => pattern.test(text));
}

/**
 * A number as YAML text that both YAML 1.2 and PyYAML read as that number: PyYAML's floats need a dot and a
 * signed exponent, so `1e-7` is written `1.0e-7` (PyYAML reads `1e-7` as a string).
 */
export function yaml11Number(value: number): string | undefined {
  if (!Number.isFinite(value)) return undefined;
  const text = String(value);
  const exp = /^(-?)(\d+)(?:\.(\d+))?e([+-])(\d+)$/.exec(text);
  if (!exp) return undefined;
  return `${exp[1]}${exp[2]}.${exp[3] ?? '0'}e${exp[4]}${exp[5]}`;
}
