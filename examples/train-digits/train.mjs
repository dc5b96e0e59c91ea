#!/usr/bin/env node
// @ts-check
// The main demo: node examples/train-digits/train.mjs [CONFIG] [--cfg-options k=v ...]
// Loads a config with _base_ files in three formats, builds every part through registries, trains on the
// fastest TensorFlow.js backend available, logs MMEngine-style lines and writes safetensors checkpoints.
import { fileURLToPath } from 'node:url';
import { Config, parseCfgOptions } from '@eng/config';
import '@eng/model';
import '@eng/optim';
import './src/components.mjs';
import { train } from './src/train-loop.mjs';

// As MMEngine's tools/train.py: `--cfg-options` takes every following `k=v` up to the next flag.
const args = process.argv.slice(2);
const flag = args.indexOf('--cfg-options');
const options =
  flag < 0 ? [] : args.slice(flag + 1).filter((_, i, rest) => !rest.slice(0, i + 1).some((a) => a.startsWith('--')));
const positionals = (flag < 0 ? args : args.slice(0, flag)).filter((a) => !a.startsWith('--'));
const configFile = positionals[0] ?? fileURLToPath(new URL('./configs/small_cnn_digits.ts', import.meta.url));
const cfg = await Config.fromFile(configFile);
if (options.length) cfg.mergeFromDict(parseCfgOptions(options));

const metrics = await train(cfg, { configFile });
const top1 = metrics['accuracy/top1'] ?? Number.NaN;
console.log(`\nFinal validation accuracy: ${top1.toFixed(2)}% (chance is 10%)`);
if (!(top1 > 80)) {
  console.error('The demo did not learn: expected over 80% after the bundled schedule.');
  process.exitCode = 1;
}
