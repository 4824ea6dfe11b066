/** The Flow action request envelope and the property types shared by every action. */
import { z } from 'zod';
import { parseGid } from '../shopify/gid';

/** What Flow POSTs to an action's runtime_url. `shop_id` may be a string or a number. */
export const flowRequestSchema = z.object({
  shop_id: z.union([z.string().min(1), z.number().int()]),
  shopify_domain: z
    .string()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, 'must be a shop domain like example.myshopify.com'),
  action_run_id: z.string().min(1, 'must not be empty').max(255, 'must be at most 255 characters'),
  action_definition_id: z.string().optional(),
  handle: z.string().min(1),
  properties: z.record(z.string(), z.unknown()),
});
export type FlowRequest = z.infer<typeof flowRequestSchema>;

/**
 * An optional boolean Flow may send as `true`/`false` or as the strings "true"/"false". A blank
 * string is unset, not false: Flow sends "" for a checkbox the merchant never touched, and that
 * must leave the rule's or the action's default in charge.
 */
export const flowBoolean = z.preprocess(
  (value) => {
    if (typeof value !== 'string') return value;
    const lowered = value.trim().toLowerCase();
    if (lowered === 'true') return true;
    if (lowered === 'false') return false;
    if (lowered === '') return undefined;
    return value;
  },
  z.boolean({ error: 'must be true or false' }).optional(),
);

/** An optional text field: Flow sends empty strings for fields left blank. */
export const optionalText = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
  z.string({ error: 'must be text' }).trim().max(1000, 'must be at most 1000 characters').optional(),
);

/** The order reference: `gid://shopify/Order/123`, 123 or "123"; normalised to the GID. */
export const orderIdSchema = z.unknown().transform((value, ctx) => {
  if (value === undefined || value === null || value === '') {
    ctx.addIssue({ code: 'custom', message: 'is required: pick the order in the Flow step (an order reference)' });
    return z.NEVER;
  }
  const gid = parseGid('Order', value);
  if (!gid) {
    ctx.addIssue({
      code: 'custom',
      message: `must be an order GID like gid://shopify/Order/123 or a numeric order id, not ${JSON.stringify(value).slice(0, 80)}`,
    });
    return z.NEVER;
  }
  return gid;
});

/** Properties every action accepts. */
export const commonProperties = {
  order_id: orderIdSchema,
  rule: optionalText,
  notify_customer: flowBoolean.optional(),
};

/** One line naming each bad field: "properties.order_id: is required ...". */
export function describeIssues(error: z.ZodError, prefix = ''): string {
  return error.issues
    .map((issue) => {
      const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
      return `${path || 'body'}: ${issue.message}`;
    })
    .join('; ');
}
