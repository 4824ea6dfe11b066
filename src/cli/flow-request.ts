/** The Flow action request the CLI sends: the same envelope, properties and signature Shopify Flow uses. */
import { signHmac } from '../flow/hmac';

export interface FlowRequestInput {
  shop: string;
  handle: string;
  /** The action's display name (Flow's `action_definition_id` carries it, per Shopify's documented example). */
  actionDefinitionId: string;
  actionRunId: string;
  orderId: string | number;
  /** Further properties, as strings like Flow sends text and boolean fields. */
  properties: Record<string, string>;
}

export interface FlowRequestBody {
  shop_id: string;
  shopify_domain: string;
  action_run_id: string;
  action_definition_id: string;
  handle: string;
  properties: Record<string, unknown>;
}

/**
 * The JSON body Flow would POST. `shop_id` is a placeholder: Flow sends the shop's numeric
 * id, which the CLI does not know and flowfill does not use (it keys shops by `shopify_domain`).
 */
export function buildFlowRequest(input: FlowRequestInput): FlowRequestBody {
  return {
    shop_id: '1',
    shopify_domain: input.shop,
    action_run_id: input.actionRunId,
    action_definition_id: input.actionDefinitionId,
    handle: input.handle,
    properties: { order_id: input.orderId, ...input.properties },
  };
}

export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

/** Serialises the body once and signs exactly those bytes (header `X-Shopify-Hmac-Sha256`). */
export async function signFlowRequest(body: FlowRequestBody, secret: string): Promise<SignedRequest> {
  const raw = JSON.stringify(body);
  return {
    body: raw,
    headers: {
      'content-type': 'application/json',
      'x-shopify-hmac-sha256': await signHmac(raw, secret),
      'user-agent': 'flowfill-cli',
    },
  };
}
