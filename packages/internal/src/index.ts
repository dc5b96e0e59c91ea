/** @packageDocumentation Helpers shared by every @eng package, bundled into each build. Browser-safe. */
export { brandClass, hasBrand } from './brand/brand-class';
export { hideFields } from './brand/hide-fields';
export { type CopyPolicy, deepCopy } from './copy/deep-copy';
export { describe, describeError, isClassSyntax } from './describe/describe';
export { DIST_INFO_KEY, type DistInfo, getDistInfo } from './distributed/dist-info';
export { EngError, type EngErrorOptions, EngTypeError, isErrorOf } from './errors/eng-error';
export { nameFileInError } from './errors/name-file';
export { RandomStream, type RandomStreamState } from './random/random-stream';
export { type RegistryLike, registerBuiltins } from './register/register-builtins';
export { didYouMean, editDistance, type NearestNamesOptions, nearestNames } from './suggest/nearest-names';
