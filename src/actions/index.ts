/** The registry of Flow actions by handle. */
import type { AnyAction } from './action';
import { addTracking } from './add-tracking/action';
import { fulfillFromBestLocation } from './fulfill-from-best-location/action';
import { partialFulfillReadyItems } from './partial-fulfill-ready-items/action';

export const ACTIONS: ReadonlyMap<string, AnyAction> = new Map<string, AnyAction>([
  [addTracking.handle, addTracking],
  [fulfillFromBestLocation.handle, fulfillFromBestLocation],
  [partialFulfillReadyItems.handle, partialFulfillReadyItems],
]);
