/** Properties of the "Partially fulfill ready items" Flow step: the common ones (order, rule, notify_customer). */
import { z } from 'zod';
import { commonProperties } from '../../flow/request';

export const partialFulfillReadyItemsProperties = z.object({ ...commonProperties });

export type PartialFulfillReadyItemsProperties = z.infer<typeof partialFulfillReadyItemsProperties>;
