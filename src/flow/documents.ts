/** The Admin GraphQL documents the Flow layer itself sends: our own Flow trigger, and the order check before a Retry. */
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

export interface RetryOrderData {
  order: {
    id: string;
    name: string;
    cancelledAt: string | null;
    fulfillments: { id: string; name: string; createdAt: string; status: string; trackingInfo: { number: string | null }[] }[];
  } | null;
}

/** How many fulfillments the retry check reads; an order with this many is too busy to tell (the check refuses). */
export const RETRY_FULFILLMENTS_READ = 250;

/** What Retry re-reads before it re-runs an action: whether the order was cancelled, and every fulfillment with its tracking numbers. */
export const RETRY_ORDER_CHECK = adminDocument<RetryOrderData, { id: string; fulfillments: number }>(/* GraphQL */ `
  query RetryOrderCheck($id: ID!, $fulfillments: Int!) {
    order(id: $id) {
      id
      name
      cancelledAt
      fulfillments(first: $fulfillments) {
        id
        name
        createdAt
        status
        trackingInfo {
          number
        }
      }
    }
  }
`);
