/** Properties of the "Fulfill from best location" Flow step: the common ones (order, rule, notify_customer). */
import { z } from 'zod';
import { commonProperties } from '../../flow/request';

export const fulfillFromBestLocationProperties = z.object({ ...commonProperties });

export type FulfillFromBestLocationProperties = z.infer<typeof fulfillFromBestLocationProperties>;
