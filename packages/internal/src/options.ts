/** @packageDocumentation Option schemas of eng's registered classes (needs `zod`: a package using it depends on zod). */
export { type OptionIssue, optionIssues, valueAt } from './options/issue-message';
export {
  type Loose,
  type OptionsSchema,
  type OptionsStandardSchema,
  optionsSchema,
  type ShapeOf,
} from './options/options-schema';
