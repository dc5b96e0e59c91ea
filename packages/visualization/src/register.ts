// Registers the package's visualizer and backends in the root registries of @eng/registry (importing the package
// does it), and tells the registries' types what they build.
import { registerBuiltins } from '@eng/internal';
import { VISBACKENDS, VISUALIZERS } from '@eng/registry';
import type { BaseVisBackend } from './backends/base-vis-backend';
import { LocalVisBackend } from './backends/local-vis-backend';
import { TensorboardVisBackend } from './backends/tensorboard/tensorboard-vis-backend';
import { ClsVisualizer } from './visualizer/cls-visualizer';
import { Visualizer } from './visualizer/visualizer';

declare module '@eng/registry' {
  interface RootRegistryBuilds {
    /** The `Visualizer` (and downstream subclasses). */
    VISUALIZERS: Visualizer;
    /** Visualization backends (`LocalVisBackend`, yours). */
    VISBACKENDS: BaseVisBackend;
  }
}

const OWNER = '@eng/visualization';
registerBuiltins(VISUALIZERS, OWNER, { Visualizer, ClsVisualizer });
registerBuiltins(VISBACKENDS, OWNER, { LocalVisBackend, TensorboardVisBackend });
