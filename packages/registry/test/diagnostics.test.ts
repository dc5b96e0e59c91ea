import { describe, expect, it } from 'vitest';
import { Registry, RegistryError } from '../src/index';
import { buildDogTree } from './helpers';

function unknownTypeMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as RegistryError).code).toBe('UNKNOWN_TYPE');
    return (error as Error).message;
  }
  throw new Error('expected an unknown-type error');
}

describe('unknown type errors', () => {
  it('list the registries searched for a plain name, nearest first', () => {
    const { DOGS, LITTLE_HOUNDS } = buildDogTree();
    DOGS.registerModule({ module: class GoldenRetriever {} });
    const message = unknownTypeMessage(() => LITTLE_HOUNDS.build({ type: 'GoldenRetrieverererer' }));
    expect(message).toContain('Searched, in order: little_hound::little hounds -> hound::hounds -> dogs::dogs.');
    expect(message).toMatch(/Did you mean "GoldenRetriever"/);
  });

  it('follow a scoped key to the registry it names, and suggest scoped names of other registries', () => {
    const { LITTLE_HOUNDS, SAMOYEDS, LITTLE_SAMOYEDS } = buildDogTree();
    SAMOYEDS.registerModule({ module: class PedigreeSamoyed {} });
    LITTLE_SAMOYEDS.registerModule({ module: class LittlePedigreeSamoyed {} });
    const message = unknownTypeMessage(() => LITTLE_HOUNDS.build({ type: 'samoyed.PedigreeSamoyd' }));
    expect(message).toContain('Searched, in order: samoyed::samoyeds -> dogs::dogs.');
    expect(message).toMatch(
      /Did you mean "samoyed\.PedigreeSamoyed", "samoyed\.little_samoyed\.LittlePedigreeSamoyed"/,
    );
  });

  it('say when the scope of a key is not in the tree', () => {
    const { DOGS } = buildDogTree();
    const message = unknownTypeMessage(() => DOGS.build({ type: 'samoyedddd.PedigreeSamoyed' }));
    expect(message).toContain('Scope "samoyedddd" is not in the registry tree of "dogs", so nothing was searched.');
  });
});

describe('nearest names in an unknown-type error', () => {
  it('offers the closest registered names even when none is near', () => {
    const REG = new Registry('far', { scope: 'far_names' });
    for (const name of ['ResNet', 'VisionTransformer', 'MobileNetV2']) REG.registerModule({ name, module: class {} });
    const message = unknownTypeMessage(() => REG.build({ type: 'ViT' }));
    expect(message).toMatch(
      /Did you mean "ResNet", "MobileNetV2", "VisionTransformer"|Did you mean "[^"]+", "[^"]+", "[^"]+"\?/,
    );
  });
});
