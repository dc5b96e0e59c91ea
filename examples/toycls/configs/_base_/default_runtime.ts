// The runtime: hooks, logging, seeding and the WASM backend (CPU as the fallback).
export default {
  default_scope: 'toycls',
  env_cfg: { backend: ['wasm', 'cpu'] },
  randomness: { seed: 0, deterministic: false },
  log_processor: { type: 'LogProcessor', window_size: 10, by_epoch: true },
  default_hooks: {
    logger: { type: 'LoggerHook', interval: 16 },
    checkpoint: { type: 'CheckpointHook', interval: 1, max_keep_ckpts: 1, save_best: 'auto' },
    visualization: { type: 'VisualizationHook', interval: 5, num_samples: 4 },
  },
  visualizer: { type: 'ClsVisualizer', vis_backends: [{ type: 'LocalVisBackend' }], resize: 128 },
  log_level: 'INFO',
};
