// The zod shapes the optimizers' option schemas share (internal: not re-exported from ./index).
import { z } from 'zod';
import type { ParamsInput } from './base';

/** `params` as the registry passes it: variables or param groups, checked by the constructor itself. */
export const paramsShape = { params: z.custom<ParamsInput>() };

export const adamStyleShape = {
  ...paramsShape,
  lr: z.number().optional(),
  betas: z.tuple([z.number(), z.number()]).optional(),
  eps: z.number().optional(),
  weight_decay: z.number().optional(),
};
