/** The Admin GraphQL documents the Flow layer itself sends (our own Flow trigger). */
import { adminDocument, type UserError } from '../shopify/document';

export interface FlowTriggerReceiveData {
  flowTriggerReceive: { userErrors: UserError[] } | null;
}

/** Starts the workflows that begin with one of this app's Flow triggers. */
export const FLOW_TRIGGER_RECEIVE = adminDocument<FlowTriggerReceiveData, { handle: string; payload: Record<string, unknown> }>(
  /* GraphQL */ `
    mutation FlowTriggerReceive($handle: String!, $payload: JSON!) {
      flowTriggerReceive(handle: $handle, payload: $payload) {
        userErrors {
          field
          message
        }
      }
    }
  `,
);
