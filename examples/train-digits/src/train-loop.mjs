// @ts-check
// A small epoch-based training loop over eng's parts, in the order MMEngine's Runner and its default hooks call
// them (IterTimerHook, ParamSchedulerHook, LoggerHook, CheckpointHook). Once @eng/runner has its `Runner`, this file
// becomes `Runner.fromCfg(cfg).train()`; until then it shows how the packages fit together.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '@eng/fileio';
import { MessageHub, MMLogger } from '@eng/logging';
import { buildOptimWrapper } from '@eng/optim';
import {
  DATASETS,
  DefaultScope,
  LOG_PROCESSORS,
  METRICS,
  MODELS,
  PARAM_SCHEDULERS,
  withConfigPath,
} from '@eng/registry';
import { formatDeviceInfo, initBackend, setRandomSeed, shuffle, tf, writeSafetensors } from '@eng/tensor-gpu';

/**
 * @typedef {import('@eng/config').Config} Config
 * @typedef {import('@eng/model').BaseModel} BaseModel
 * @typedef {import('./components.mjs').SyntheticDigits} SyntheticDigits
 * @typedef {import('./components.mjs').Accuracy} Accuracy
 * @typedef {{ dataset: object, batch_size: number, shuffle?: boolean }} DataLoaderCfg
 */

function timestamp() {
  const d = new Date();
  const p = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}_${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/**
 * @param {number} length
 * @param {number} batchSize
 * @param {boolean} [doShuffle]
 */
function batches(length, batchSize, doShuffle) {
  const order = Array.from({ length }, (_, i) => i);
  if (doShuffle) shuffle(order);
  const out = [];
  for (let i = 0; i < length; i += batchSize) out.push(order.slice(i, i + batchSize));
  return out;
}

/**
 * Trains `cfg` and resolves to the final validation metrics.
 * @param {Config} cfg
 * @param {{ configFile?: string }} [options]
 * @returns {Promise<Record<string, number>>}
 */
export async function train(cfg, { configFile } = {}) {
  const ts = timestamp();
  const workDir = cfg.get('work_dir', './work_dirs/demo');
  const logDir = join(workDir, ts);
  mkdirSync(logDir, { recursive: true });
  const logger = MMLogger.getInstance('eng', {
    logFile: join(logDir, `${ts}.log`),
    logLevel: cfg.get('log_level', 'INFO'),
  });
  const hub = MessageHub.getInstance('eng');

  const backend = await initBackend({ prefer: cfg.get('env_cfg.backend') });
  setRandomSeed(cfg.get('randomness.seed', 0), { deterministic: cfg.get('randomness.deterministic', false) });
  logger.info(`Config ${configFile ?? cfg.filename}\n${cfg.prettyText}`);
  logger.info(formatDeviceInfo());
  if (configFile) cfg.dump(join(workDir, configFile.split('/').pop() ?? configFile));

  return DefaultScope.overwriteDefaultScope(cfg.get('default_scope', 'eng'), async () => {
    /** @type {{ max_epochs: number }} */
    const trainCfg = cfg.get('train_cfg');
    /** @type {DataLoaderCfg} */
    const trainLoader = cfg.get('train_dataloader');
    /** @type {DataLoaderCfg} */
    const valLoader = cfg.get('val_dataloader');
    const trainSet = /** @type {SyntheticDigits} */ (
      withConfigPath('train_dataloader.dataset', () => DATASETS.build(trainLoader.dataset))
    );
    const valSet = /** @type {SyntheticDigits} */ (
      withConfigPath('val_dataloader.dataset', () => DATASETS.build(valLoader.dataset))
    );
    const metric = /** @type {Accuracy} */ (
      withConfigPath('val_evaluator', () => METRICS.build(cfg.get('val_evaluator')))
    );
    const model = /** @type {BaseModel} */ (withConfigPath('model', () => MODELS.build(cfg.get('model'))));
    await model.initWeights();
    const optimWrapper = withConfigPath('optim_wrapper', () => buildOptimWrapper(model, cfg.get('optim_wrapper')));
    const epochLength = Math.ceil(trainSet.length / trainLoader.batch_size);
    const schedulers = cfg
      .get('param_scheduler', /** @type {object[]} */ ([]))
      .map((s, i) =>
        withConfigPath(`param_scheduler[${i}]`, () =>
          PARAM_SCHEDULERS.build(s, { optimizer: optimWrapper, epoch_length: epochLength }),
        ),
      );
    /** @type {object} */
    const logProcessorCfg = cfg.get('log_processor');
    const logProcessor = withConfigPath('log_processor', () => LOG_PROCESSORS.build(logProcessorCfg));
    const logInterval = cfg.get('default_hooks.logger.interval', 10);

    const maxEpochs = trainCfg.max_epochs;
    const runner = {
      messageHub: hub,
      iter: 0,
      epoch: 0,
      maxEpochs,
      maxIters: maxEpochs * epochLength,
      trainLoop: { dataloader: { length: epochLength } },
      valLoop: { dataloader: { length: Math.ceil(valSet.length / valLoader.batch_size) } },
    };
    optimWrapper.initializeCountStatus(model, 0, runner.maxIters);
    logger.info(`Start training: ${maxEpochs} epochs of ${epochLength} iterations on ${backend}`);

    /** @type {Record<string, number>} */
    let metrics = {};
    for (let epoch = 0; epoch < maxEpochs; epoch++) {
      runner.epoch = epoch;
      model.train();
      let last = performance.now();
      for (const [batchIdx, indices] of batches(
        trainSet.length,
        trainLoader.batch_size,
        trainLoader.shuffle,
      ).entries()) {
        const batch = trainSet.getBatch(indices);
        const dataTime = (performance.now() - last) / 1000;
        const logVars = model.trainStep(batch, optimWrapper);
        batch.inputs.dispose();
        for (const [key, value] of Object.entries(logVars)) hub.updateScalar(`train/${key}`, value);
        hub.updateScalar('train/lr', optimWrapper.getLr().lr[0] ?? Number.NaN);
        const now = performance.now();
        hub.updateScalar('train/time', (now - last) / 1000);
        hub.updateScalar('train/data_time', dataTime);
        last = now;
        hub.updateInfo('eta', hub.getScalar('train/time').mean() * (runner.maxIters - runner.iter - 1));
        for (const s of schedulers) if (!s.byEpoch) s.step();
        if ((batchIdx + 1) % logInterval === 0 || batchIdx + 1 === epochLength) {
          logger.info(logProcessor.getLogAfterIter(runner, batchIdx, 'train')[1]);
        }
        runner.iter += 1;
      }
      for (const s of schedulers) if (s.byEpoch) s.step();
      runner.epoch = epoch + 1;

      model.eval();
      for (const indices of batches(valSet.length, valLoader.batch_size, false)) {
        const batch = valSet.getBatch(indices);
        metric.process(/** @type {Parameters<Accuracy['process']>[0]} */ (model.valStep(batch)));
        batch.inputs.dispose();
      }
      metrics = metric.compute();
      for (const [key, value] of Object.entries(metrics)) hub.updateScalar(`val/${key}`, value);
      const valLen = runner.valLoop.dataloader.length;
      logger.info(logProcessor.getLogAfterEpoch(runner, valLen - 1, 'val')[1]);

      const checkpoint = join(workDir, `epoch_${epoch + 1}.safetensors`);
      await writeSafetensors(checkpoint, model.stateDict(), { metadata: { epoch: String(epoch + 1), format: 'eng' } });
      await writeFileAtomic(join(workDir, 'last_checkpoint'), checkpoint);
      logger.info(`Saved checkpoint ${checkpoint} (tensors in memory: ${tf.memory().numTensors})`);
    }
    model.dispose();
    // the optimizer's state (momentum buffers) and any gradients left: the variables themselves are the model's
    optimWrapper.optimizer.dispose();
    return metrics;
  });
}
