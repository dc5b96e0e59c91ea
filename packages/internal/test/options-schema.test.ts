import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { optionsSchema } from '../src/options';

interface StepOptions {
  lr: number;
  momentum?: number;
  mode?: 'min' | 'max';
  milestones?: number | number[];
  paramwise_cfg?: { bias_lr_mult?: number; custom_keys?: Record<string, { lr_mult?: number }> };
}

const schema = optionsSchema<StepOptions>({
  lr: z.number().nonnegative(),
  momentum: z.number().optional(),
  mode: z.enum(['min', 'max']).optional(),
  milestones: z.union([z.number(), z.array(z.number())]).optional(),
  paramwise_cfg: z
    .strictObject({
      bias_lr_mult: z.number().optional(),
      custom_keys: z.record(z.string(), z.strictObject({ lr_mult: z.number().optional() })).optional(),
    })
    .optional(),
});

function issuesOf(value: unknown) {
  const result = schema['~standard'].validate(value);
  return 'issues' in result && result.issues ? result.issues.map((i) => `${i.path.join('.')}: ${i.message}`) : [];
}

describe('optionsSchema', () => {
  it('passes valid options on unchanged (the same object)', () => {
    const options = { lr: 0.1, momentum: 0.9 };
    const result = schema['~standard'].validate(options);
    expect('value' in result && result.value).toBe(options);
    expect(schema.keys).toEqual(['lr', 'milestones', 'mode', 'momentum', 'paramwise_cfg']);
  });

  it('names an unknown key, the nearest valid keys and all of them', () => {
    expect(issuesOf({ lr: 0.1, momentun: 0.9 })).toEqual([
      'momentun: unknown option. Did you mean "momentum"? Valid options: lr, milestones, mode, momentum, paramwise_cfg.',
    ]);
  });

  it('suggests keys of nested objects, records included', () => {
    expect(issuesOf({ lr: 1, paramwise_cfg: { bias_lr_mul: 2, custom_keys: { head: { lr_mul: 1 } } } })).toEqual([
      'paramwise_cfg.custom_keys.head.lr_mul: unknown option. Did you mean "lr_mult"? Valid options: lr_mult.',
      'paramwise_cfg.bias_lr_mul: unknown option. Did you mean "bias_lr_mult"? Valid options: bias_lr_mult, custom_keys.',
    ]);
  });

  it('says what a key expected and what it got', () => {
    expect(issuesOf({ lr: '0.1' })).toEqual(['lr: expected a number, got the string "0.1"']);
    expect(issuesOf({})).toEqual(['lr: is required (expected a number)']);
    // a custom check has no type to name: no zod jargon ("expected nonoptional")
    const custom = optionsSchema<{ params: unknown[] }>({ params: z.custom<unknown[]>() });
    const result = custom['~standard'].validate({});
    expect('issues' in result && result.issues?.map((i) => i.message)).toEqual(['is required']);
    expect(issuesOf({ lr: -1 })).toEqual(['lr: expected a number >= 0, got -1']);
    expect(issuesOf({ lr: 1, mode: 'minn' })).toEqual([
      'mode: expected one of "min", "max", got the string "minn". Did you mean "min"?',
    ]);
    expect(issuesOf({ lr: 1, milestones: 'x' })).toEqual([
      'milestones: expected a number or an array, got the string "x"',
    ]);
    expect(issuesOf({ lr: 1, milestones: [1, 'x'] })).toEqual(['milestones.1: expected a number, got the string "x"']);
    expect(issuesOf(5)).toEqual([': expected an options object, got the number 5']);
  });

  it('reports the union branch whose `type` matches, not the first one', () => {
    const clip = optionsSchema<{
      clip_grad?: { type?: 'norm'; max_norm: number } | { type: 'value'; clip_value: number };
    }>({
      clip_grad: z
        .union([
          z.strictObject({ type: z.literal('norm').optional(), max_norm: z.number() }),
          z.strictObject({ type: z.literal('value'), clip_value: z.number() }),
        ])
        .optional(),
    });
    const result = clip['~standard'].validate({ clip_grad: { type: 'value', clip_value: '1' } });
    expect('issues' in result && result.issues?.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'clip_grad.clip_value: expected a number, got the string "1"',
    ]);
  });
});
