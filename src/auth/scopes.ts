/**
 * The access scopes flowfill asks for. The same list as `shopify.app.toml`'s `[access_scopes]`
 * (a test keeps them equal): kept in code so the Worker, which cannot read files, has it too.
 */
export const REQUIRED_SCOPES: readonly string[] = [
  'read_orders',
  'read_merchant_managed_fulfillment_orders',
  'write_merchant_managed_fulfillment_orders',
  'read_third_party_fulfillment_orders',
  'write_third_party_fulfillment_orders',
  'read_locations',
  'read_inventory',
  'read_products',
  'read_customers',
];

/** Splits a comma-separated scope string (as Shopify returns it) into scopes. */
export function parseScopes(scope: string | null | undefined): string[] {
  return (scope ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The required scopes a grant lacks. A `write_x` grant implies `read_x` (Shopify often returns
 * only the write scope), so a required read scope is satisfied by its write twin.
 */
export function missingScopes(granted: readonly string[], required: readonly string[] = REQUIRED_SCOPES): string[] {
  const have = new Set(granted.map((s) => s.trim()));
  for (const scope of have) {
    const match = /^(unauthenticated_)?write_(.+)$/.exec(scope);
    if (match) have.add(`${match[1] ?? ''}read_${match[2]}`);
  }
  return required.filter((scope) => !have.has(scope));
}
