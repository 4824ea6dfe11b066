/** The registry of Flow actions by handle. */
import type { AnyAction } from './action';
import { addTracking } from './add-tracking/action';

export const ACTIONS: ReadonlyMap<string, AnyAction> = new Map<string, AnyAction>([[addTracking.handle, addTracking]]);
