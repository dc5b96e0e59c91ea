import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Registry, RegistryError, type StandardSchemaV1 } from '../src/index';

describe('Standard Schema validation of options', () => {
  it('validates the options of a class registered with a schema, reporting the bad key path', () => {
    const MODELS = new Registry('model', { scope: 'schema' });
    const schema = z.object({
      depth: z.number().int(),
      stages: z.number().default(4),
      neck: z.object({ c: z.number() }),
    });
    class ResNet {
      constructor(readonly options: z.infer<typeof schema>) {}
    }
    MODELS.registerModule({ module: ResNet, schema });

    const built = MODELS.build<ResNet>({ type: 'ResNet', depth: 50, neck: { c: 1 } });
    expect(built.options).toEqual({ depth: 50, stages: 4, neck: { c: 1 } }); // the schema's output is passed on

    let error: RegistryError | undefined;
    try {
      MODELS.build({ type: 'ResNet', depth: 'fifty', neck: { c: 'x' } });
    } catch (e) {
      error = e as RegistryError;
    }
    expect(error).toBeInstanceOf(RegistryError);
    expect(error!.code).toBe('INVALID_OPTIONS');
    expect(error!.message).toMatch(/^Invalid options for "ResNet" in the "model" registry \(scope "schema"\):/);
    expect(error!.message).toMatch(/\n {2}- depth: /);
    expect(error!.message).toMatch(/\n {2}- neck\.c: /);
  });

  it('reports unexpected options with a strict schema (MMEngine raises TypeError for unexpected kwargs)', () => {
    const MODELS = new Registry('model', { scope: 'schema_strict' });
    MODELS.registerModule({
      name: 'ResNet',
      module: class ResNet {},
      schema: z.strictObject({ depth: z.number() }),
    });
    expect(() => MODELS.build({ type: 'ResNet', depth: 50, non_existing_arg: 50 })).toThrow(
      /Invalid options for "ResNet"[\s\S]*non_existing_arg/,
    );
  });

  it('prefixes the config path of a nested build', () => {
    const MODELS = new Registry('model', { scope: 'schema_nested' });
    MODELS.registerModule({
      name: 'Head',
      module: class Head {
        static optionsSchema: StandardSchemaV1 = z.object({ classes: z.number() });
      },
    });
    MODELS.registerModule({
      name: 'Detector',
      module: class Detector {
        constructor(options: { head: object }) {
          MODELS.build(options.head);
        }
      },
    });
    expect(() => MODELS.build({ type: 'Detector', head: { type: 'Head', classes: 'many' } })).toThrow(
      /at config path "head":\n {2}- head\.classes: /,
    );
  });

  it('refuses an asynchronous schema (build is synchronous) and a schema that is not one', () => {
    const MODELS = new Registry('model', { scope: 'schema_async' });
    const asyncSchema: StandardSchemaV1 = {
      '~standard': { version: 1, vendor: 'test', validate: async (value) => ({ value }) },
    };
    MODELS.registerModule({ name: 'Slow', module: class Slow {}, schema: asyncSchema });
    expect(() => MODELS.build({ type: 'Slow' })).toThrow(/validates asynchronously/);
    expect(() => MODELS.registerModule({ name: 'Bad', module: class Bad {}, schema: {} as never })).toThrow(TypeError);
  });
});

describe('a schema belongs to its own class', () => {
  it('does not refuse the options of a subclass that declares none; a subclass with its own schema is checked', () => {
    const OPTIMS = new Registry('optimizer', { scope: 'schema_own' });
    class Base {
      static optionsSchema: StandardSchemaV1 = z.strictObject({ lr: z.number() });
      constructor(readonly options: object) {}
    }
    class WithExtra extends Base {}
    class Checked extends Base {
      static override optionsSchema: StandardSchemaV1 = z.strictObject({ lr: z.number(), extra: z.number() });
    }
    OPTIMS.registerModule({ module: Base });
    OPTIMS.registerModule({ module: WithExtra });
    OPTIMS.registerModule({ module: Checked });
    expect(() => OPTIMS.build({ type: 'Base', lr: 1, extra: 2 })).toThrow(/Invalid options for "Base"/);
    expect(OPTIMS.build<WithExtra>({ type: 'WithExtra', lr: 1, extra: 2 }).options).toEqual({ lr: 1, extra: 2 });
    expect(() => OPTIMS.build({ type: 'Checked', lr: 1, extra: 'x' })).toThrow(/Invalid options for "Checked"/);
    expect(OPTIMS.build<Checked>({ type: 'Checked', lr: 1, extra: 2 }).options).toEqual({ lr: 1, extra: 2 });
  });
});
