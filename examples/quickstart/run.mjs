// @ts-check
// The quickstart: load a config that inherits from a JSON and a YAML base, print the merged result, and build
// its model through the registry tree (root scope `eng`, downstream scope `demo`).
import { fileURLToPath } from 'node:url';
import { Config } from '@eng/config';
import { DefaultScope, MODELS } from '@eng/registry';
import './components.mjs';

const file = fileURLToPath(new URL('./configs/quickstart.ts', import.meta.url));
const cfg = await Config.fromFile(file);

console.log(`Loaded ${cfg.filename}\n`);
console.log(cfg.prettyText);

/** @type {import('./components.mjs').Classifier} */
const model = DefaultScope.overwriteDefaultScope(cfg.get('default_scope'), () => MODELS.build(cfg.get('model')));
console.log(`\nBuilt through MODELS (scope ${MODELS.scope}) and its child scope 'demo':`);
console.log(model.describe());
