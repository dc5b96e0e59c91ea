// The runtime: hooks (the VisualizationHook draws the first validation images with their boxes), logging, seeding,
// the WASM backend, and toydet's DetLocalVisualizer writing PNGs under vis_data/vis_image.
export default {
  default_scope: 'toydet',
  env_cfg: { backend: ['wasm', 'cpu'] },
  randomness: { seed: 0, deterministic: false },
  log_processor: { type: 'LogProcessor', window_size: 10, by_epoch: true },
  default_hooks: {
    logger: { type: 'LoggerHook', interval: 16 },
    checkpoint: { type: 'CheckpointHook', interval: 1, max_keep_ckpts: 1, save_best: 'auto' },
    visualization: { type: 'VisualizationHook', interval: 1, num_samples: 4, pred_score_thr: 0.3 },
  },
  visualizer: {
    type: 'DetLocalVisualizer',
    vis_backends: [{ type: 'LocalVisBackend' }],
    gt_color: 'lime',
    pred_color: 'red',
  },
  log_level: 'INFO',
};
