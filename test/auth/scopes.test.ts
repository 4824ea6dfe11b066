import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { missingScopes, parseScopes, REQUIRED_SCOPES } from '../../src/auth/scopes';
import { APP_SCOPES } from '../../src/sandbox/simulator/index';

describe('access scopes', () => {
  it("are exactly shopify.app.toml's [access_scopes] (the Worker cannot read the file, so the list lives in code)", () => {
    const toml = parse(readFileSync(resolve(__dirname, '../../shopify.app.toml'), 'utf8')) as { access_scopes: { scopes: string } };
    expect([...REQUIRED_SCOPES]).toEqual(parseScopes(toml.access_scopes.scopes));
    // The simulated store grants the same set.
    expect([...APP_SCOPES].sort()).toEqual([...REQUIRED_SCOPES].sort());
  });

  it('names the scopes a grant lacks, counting a write scope as its read twin', () => {
    expect(missingScopes([...REQUIRED_SCOPES])).toEqual([]);
    expect(
      missingScopes([
        'read_orders',
        'write_merchant_managed_fulfillment_orders',
        'write_third_party_fulfillment_orders',
        'read_locations',
        'read_inventory',
        'read_products',
        'read_customers',
      ]),
    ).toEqual([]);
    expect(missingScopes(['read_orders'])).toContain('read_customers');
    expect(missingScopes(['write_orders'])).not.toContain('read_orders');
    expect(missingScopes([])).toEqual([...REQUIRED_SCOPES]);
  });
});
