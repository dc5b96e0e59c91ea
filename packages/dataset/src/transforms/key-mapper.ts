import { describe } from '@eng/internal';
import { optionsSchema, type ShapeOf } from '@eng/internal/options';
import { withConfigPath } from '@eng/registry';
import { z } from 'zod';
import { DatasetError } from '../errors';
import { BaseTransform, type Results, type TransformContext, type TransformOutput } from './base-transform';
import { Compose, type TransformInput } from './compose';

/**
 * A key mapping: an outer key (string), `'...'` to hide a key from the inner steps, a list of mappings (collected
 * into a list) or an object of inner key → mapping (collected into an object). MMCV writes the hidden marker as
 * Python's `...`; configs here write the string `'...'`.
 */
export type KeyMapping = string | KeyMapping[] | { [inner: string]: KeyMapping };

export interface KeyMapperOptions {
  transforms?: TransformInput | readonly TransformInput[] | null;
  /** Inner key → outer key (or structure of outer keys) that the inner steps read. */
  mapping?: Record<string, KeyMapping> | null;
  /** Inner key → outer key that the inner steps' outputs are written back to. */
  remapping?: Record<string, KeyMapping> | null;
  /** Use the inverse of `mapping` as `remapping` (default: true when `remapping` is not given). */
  auto_remap?: boolean | null;
  /** Let `mapping` name outer keys the results do not have (default false: an error). */
  allow_nonexist_keys?: boolean;
}

/** The marker a config writes for MMCV's `...` (hide a key from the inner steps). */
export const IGNORE_KEY_MARKER = '...';
const IGNORED = Symbol('ignored key');

const mappingSchema: z.ZodType<KeyMapping> = z.lazy(() =>
  z.union([z.string(), z.array(mappingSchema), z.record(z.string(), mappingSchema)]),
);

/**
 * MMCV's `KeyMapper`: renames and regroups the results' keys for a sub-pipeline and maps its outputs back, so a
 * transform written for `img` can run on `gt_img`.
 *
 * @example
 * const mapper = new KeyMapper({ mapping: { img: 'gt_img' }, transforms: [(r) => ({ ...r, img: `${r.img}!` })] });
 * mapper.transform({ gt_img: 'x' }).gt_img; // 'x!'
 */
export class KeyMapper extends BaseTransform {
  static readonly optionsSchema = optionsSchema<KeyMapperOptions>({
    transforms: z
      .union([z.custom<TransformInput>((v) => !Array.isArray(v)), z.array(z.custom<TransformInput>())])
      .nullable()
      .optional(),
    mapping: z.record(z.string(), mappingSchema).nullable().optional(),
    remapping: z.record(z.string(), mappingSchema).nullable().optional(),
    auto_remap: z.boolean().nullable().optional(),
    allow_nonexist_keys: z.boolean().optional(),
  } satisfies ShapeOf<KeyMapperOptions>);

  readonly transforms: Compose;
  readonly mapping: Record<string, KeyMapping> | null;
  readonly remapping: Record<string, KeyMapping> | null;
  readonly autoRemap: boolean;
  readonly allowNonexistKeys: boolean;

  constructor(options: KeyMapperOptions = {}) {
    super();
    const { transforms = null, mapping = null, remapping = null, allow_nonexist_keys = false } = options;
    const autoRemap = options.auto_remap ?? remapping === null;
    if (autoRemap && remapping !== null) {
      throw new DatasetError('BAD_OPTIONS', 'KeyMapper: remapping must be null when auto_remap is true');
    }
    this.allowNonexistKeys = allow_nonexist_keys;
    this.mapping = mapping;
    this.autoRemap = autoRemap;
    this.remapping = autoRemap ? mapping : remapping;
    const steps = transforms === null ? [] : Array.isArray(transforms) ? transforms : [transforms as TransformInput];
    this.transforms = withConfigPath('transforms', () => new Compose(steps as readonly TransformInput[]));
  }

  private _mapInput(data: Results): Record<string, unknown> {
    if (this.mapping === null) return { ...data };
    const map = (m: KeyMapping): unknown => {
      if (m === IGNORE_KEY_MARKER) return IGNORED;
      if (typeof m === 'string') {
        if (m in data) return data[m];
        return this.allowNonexistKeys ? IGNORED : undefined;
      }
      if (Array.isArray(m)) return m.map(map);
      return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, map(v as KeyMapping)]));
    };
    return { ...data, ...Object.fromEntries(Object.entries(this.mapping).map(([k, v]) => [k, map(v)])) };
  }

  private _mapOutput(data: Record<string, unknown>): Results {
    if (this.remapping === null) return Object.fromEntries(Object.entries(data).filter(([, v]) => v !== IGNORED));
    const out: Results = {};
    const map = (value: unknown, m: KeyMapping, where: string): void => {
      if (m === IGNORE_KEY_MARKER || value === IGNORED) return;
      if (typeof m === 'string') {
        out[m] = value;
        return;
      }
      if (Array.isArray(m)) {
        if (!Array.isArray(value) || value.length !== m.length) {
          throw new DatasetError(
            'BAD_TRANSFORM',
            `KeyMapper: the output "${where}" should be a list of ${m.length}, got ${describe(value)}`,
          );
        }
        m.forEach((mi, i) => {
          map(value[i], mi as KeyMapping, `${where}[${i}]`);
        });
        return;
      }
      if (value === null || typeof value !== 'object') {
        throw new DatasetError(
          'BAD_TRANSFORM',
          `KeyMapper: the output "${where}" should be an object, got ${describe(value)}`,
        );
      }
      for (const [k, mk] of Object.entries(m)) {
        if (!(k in value))
          throw new DatasetError('BAD_TRANSFORM', `KeyMapper: the output "${where}" has no key "${k}"`);
        map((value as Record<string, unknown>)[k], mk as KeyMapping, `${where}.${k}`);
      }
    };
    for (const [inner, m] of Object.entries(this.remapping)) {
      if (!(inner in data))
        throw new DatasetError('BAD_TRANSFORM', `KeyMapper: the inner steps' output has no key "${inner}" to remap`);
      map(data[inner], m, inner);
    }
    return out;
  }

  transform(results: Results, context?: TransformContext): TransformOutput {
    const inputs = this._mapInput(results);
    const visible = Object.fromEntries(Object.entries(inputs).filter(([, v]) => v !== IGNORED));
    const finish = (outputs: Results | null): Results => {
      if (outputs === null)
        throw new DatasetError('BAD_TRANSFORM', 'the transforms wrapped by KeyMapper should not return null');
      Object.assign(results, this._mapOutput({ ...inputs, ...outputs }));
      return results;
    };
    const out = this.transforms.transform(visible, context);
    return out instanceof Promise ? out.then(finish) : finish(out);
  }
}
