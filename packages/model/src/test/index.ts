/**
 * @packageDocumentation Test fakes for packages whose tests need a model or an optimizer without the real ones
 * (`@eng/model/test`): an inline SGD for `trainStep`, and a structural module tree for code that walks parameters.
 */
export { type InlineSgd, inlineSgd } from './inline-sgd';
export { TestModule, toyModel } from './test-module';
