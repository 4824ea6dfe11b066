/** Storing a shop's offline session after OAuth or token exchange, and noting scopes it lacks. */
import type { AppDeps } from '../deps';
import { registerShop } from '../db/shops';
import { missingScopes, parseScopes } from './scopes';

/** What shopify-api's OAuth callback / token exchange give back that we keep. */
export interface OfflineGrant {
  shop: string;
  accessToken?: string | undefined;
  scope?: string | undefined;
}

export interface Installed {
  shop: string;
  scopes: string[];
  /** Required scopes the merchant did not grant: the admin page names them. */
  missingScopes: string[];
}

/** Stores the offline token as the shop's session and marks the shop installed (re-installs too). */
export async function storeOfflineGrant(
  deps: Pick<AppDeps, 'db' | 'clock' | 'logger'>,
  grant: OfflineGrant,
  via: 'oauth' | 'token_exchange',
): Promise<Installed> {
  if (!grant.accessToken) throw new Error(`Shopify returned no access token for ${grant.shop}`);
  const scopes = parseScopes(grant.scope);
  await registerShop(deps.db, { shop: grant.shop, accessToken: grant.accessToken, scopes, now: deps.clock.now() });
  const missing = missingScopes(scopes);
  deps.logger.log(missing.length ? 'warn' : 'info', 'shop installed', {
    shop: grant.shop,
    via,
    scopes: scopes.join(','),
    ...(missing.length ? { missing_scopes: missing.join(',') } : {}),
  });
  return { shop: grant.shop, scopes, missingScopes: missing };
}
