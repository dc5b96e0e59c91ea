import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { Config } from '../src/index';

// Strings that a YAML 1.1 reader (PyYAML, so MMEngine) reads as something else when they are written plain.
const YAML_11_LOOKALIKES = [
  'yes',
  'no',
  'Yes',
  'NO',
  'on',
  'off',
  'On',
  'OFF',
  'y',
  'n',
  'Y',
  'N',
  'True',
  'FALSE',
  'null',
  'Null',
  'NULL',
  '~',
  '',
  '1_000',
  '1:30',
  '-1:30:00',
  '190:20:30.15',
  '0o10',
  '0x1F',
  '0b101',
  '010',
  '+12',
  '1e-3',
  '6.8523015e+5',
  '1.',
  '.5',
  '1_0.5',
  '.inf',
  '-.Inf',
  '.nan',
  '.NaN',
  '2001-12-14',
  '2001-12-14t21:59:43.10-05:00',
  '2001-12-14 21:59:43.10 -5',
  '<<',
  '=',
];

const PLAIN_STRINGS = ['yesterday', 'one', 'x:y', '1:60', 'SGD', '1e3x', '2001-1-1', 'null_value'];

function data(): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  YAML_11_LOOKALIKES.forEach((text, i) => {
    values[`s${i}`] = text;
  });
  return {
    values,
    list: [...YAML_11_LOOKALIKES],
    plain: PLAIN_STRINGS,
    // the same strings as keys (`on:` is the key True in PyYAML)
    keys: Object.fromEntries(YAML_11_LOOKALIKES.map((text, i) => [text, i])),
    numbers: { small: 1e-7, large: 1.5e30, neg: -2.5e-8, int: 12, float: 0.25, big: 1e21 },
    real: { t: true, f: false, nothing: null },
    // line breaks in YAML 1.1 (not in 1.2): written plain or raw inside quotes, PyYAML breaks the line there
    breaks: { ls: 'a\u2028b', ps: 'a\u2029b', nel: 'a\u0085b', 'key\u2028x': 1, list: ['\u2028', 'x\u0085'] },
  };
}

const python = '/usr/bin/python3';
const hasPyYaml = spawnSync(python, ['-c', 'import yaml'], { encoding: 'utf8' }).status === 0;

describe('YAML dumps quote strings that YAML 1.1 reads as something else', () => {
  it('every lookalike is quoted, as a value, a list item and a key; ordinary strings stay plain', () => {
    const text = new Config(data()).toText('.yaml');
    for (const [i, word] of YAML_11_LOOKALIKES.entries()) {
      const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      expect(text, word).toMatch(new RegExp(`\\n  s${i}: (['"])${escaped}\\1\\n`));
      expect(text, word).toMatch(new RegExp(`\\n  (['"])${escaped}\\1: ${i}\\n`));
    }
    for (const word of PLAIN_STRINGS) {
      expect(text, word).toContain(word);
      expect(text, word).not.toMatch(new RegExp(`['"]${word}['"]`));
    }
    // numbers with an exponent get the dot and signed exponent that PyYAML's floats need
    expect(text).toContain('small: 1.0e-7\n');
    expect(text).toContain('big: 1.0e+21\n');
  });

  it('reading stays YAML 1.2: the dump reloads to an equal config', async () => {
    const cfg = new Config(data());
    const back = await Config.fromString(cfg.toText('.yaml'), '.yaml');
    expect(back.toDict()).toEqual(cfg.toDict());
  });

  it('PyYAML reads the dump back with the same values', (ctx) => {
    if (!hasPyYaml) ctx.skip(`${python} cannot import the Python package PyYAML (pip install pyyaml)`);
    const cfg = new Config(data());
    const script = [
      'import sys, json, yaml, datetime',
      'data = yaml.safe_load(sys.stdin.read())',
      'def fix(v):',
      '    if isinstance(v, dict): return {("%s:%r" % (type(k).__name__, k) if not isinstance(k, str) else k): fix(x) for k, x in v.items()}',
      '    if isinstance(v, list): return [fix(x) for x in v]',
      '    if isinstance(v, (datetime.date, datetime.datetime)): return "date:%r" % (v,)',
      '    if isinstance(v, float) and v != v: return "float:nan"',
      '    if isinstance(v, float) and v in (float("inf"), float("-inf")): return "float:%r" % v',
      '    return v',
      'print(json.dumps(fix(data)))',
    ].join('\n');
    const run = spawnSync(python, ['-c', script], { input: cfg.toText('.yaml'), encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual(cfg.toDict());
  });
});
