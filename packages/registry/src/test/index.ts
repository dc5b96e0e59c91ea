/** @packageDocumentation Helpers for tests of code that uses registries: capture the registry's warnings, reset default scopes. */
export { type CapturedWarnings, captureWarnings, captureWarningsAsync } from './capture-warnings';
export { resetDefaultScopes } from './reset-default-scopes';
