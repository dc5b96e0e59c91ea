// The option schemas of the parameter schedulers (internal: not re-exported from ./index). Each scheduler family has
// its own keys; the generic form names `param_name`, the LR and momentum forms fix it.
import { type OptionsSchema, optionsSchema } from '@eng/internal/options';
import { z } from 'zod';
import type { SchedulableOptimizer } from './param-scheduler';

/** What every scheduler's `optionsSchema` is typed as (the forms of one family differ only in `param_name`). */
export type SchedulerOptionsSchema = OptionsSchema<z.ZodRawShape>;

const baseShape = {
  optimizer: z.custom<SchedulableOptimizer>(),
  begin: z.number().optional(),
  end: z.number().optional(),
  last_step: z.number().optional(),
  by_epoch: z.boolean().optional(),
  verbose: z.boolean().optional(),
};

const etaMin = { eta_min: z.number().nullable().optional(), eta_min_ratio: z.number().nullable().optional() };

export const schedulerShapes = {
  constant: { factor: z.number().optional() },
  cosineAnnealing: { T_max: z.number().nullable().optional(), ...etaMin },
  cosineRestart: { periods: z.array(z.number()), restart_weights: z.array(z.number()).optional(), ...etaMin },
  exponential: { gamma: z.number() },
  linear: { start_factor: z.number().optional(), end_factor: z.number().optional() },
  multiStep: { milestones: z.array(z.number()), gamma: z.number().optional() },
  oneCycle: {
    eta_max: z.union([z.number(), z.array(z.number())]).optional(),
    total_steps: z.number().nullable().optional(),
    pct_start: z.number().optional(),
    anneal_strategy: z.enum(['cos', 'linear']).optional(),
    div_factor: z.number().optional(),
    final_div_factor: z.number().optional(),
    three_phase: z.boolean().optional(),
  },
  poly: { eta_min: z.number().optional(), power: z.number().optional() },
  reduceOnPlateau: {
    monitor: z.string().optional(),
    rule: z.enum(['less', 'greater']).optional(),
    factor: z.number().optional(),
    patience: z.number().optional(),
    threshold: z.number().optional(),
    threshold_rule: z.enum(['rel', 'abs']).optional(),
    cooldown: z.number().optional(),
    min_value: z.union([z.number(), z.array(z.number())]).optional(),
    eps: z.number().optional(),
  },
  step: { step_size: z.number(), gamma: z.number().optional() },
} satisfies Record<string, z.ZodRawShape>;

/** The schema of a generic `...ParamScheduler`: it is told which `param_name` to schedule. */
export function schedulerSchema(own: z.ZodRawShape): SchedulerOptionsSchema {
  return optionsSchema({ ...baseShape, param_name: z.string(), ...own });
}

/** The schema of an LR or momentum form, which sets `param_name` itself. */
export function fixedParamSchema(own: z.ZodRawShape): SchedulerOptionsSchema {
  return optionsSchema({ ...baseShape, param_name: z.string().optional(), ...own });
}
