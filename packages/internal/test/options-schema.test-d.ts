import { z } from 'zod';
import { optionsSchema } from '../src/options';
interface O {
  lr: number;
  momentum?: number;
  nesterov?: boolean;
}
optionsSchema<O>({ lr: z.number(), momentum: z.number().optional(), nesterov: z.boolean().optional() });
// @ts-expect-error missing key
optionsSchema<O>({ lr: z.number(), momentum: z.number().optional() });
// @ts-expect-error wrong type
optionsSchema<O>({ lr: z.string(), momentum: z.number().optional(), nesterov: z.boolean().optional() });
optionsSchema<O>({
  lr: z.number(),
  momentum: z.number().optional(),
  nesterov: z.boolean().optional(),
  // @ts-expect-error extra key
  extra: z.number(),
});
