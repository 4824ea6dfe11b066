/** Shops, their offline Admin API sessions, and app settings such as the sandbox dev secret. */
import type { DrizzleSessionStorageSQLite } from '@shopify/shopify-app-session-storage-drizzle';
import { eq } from 'drizzle-orm';
import type { Database } from './database';
import { placeholder as $, prepared } from './prepared';
import { sessions, settings, shops } from './schema';

export interface ShopAccess {
  shop: string;
  installed: boolean;
  accessToken: string | null;
  scopes: string[];
}

/** The offline session id Shopify's libraries use for a shop. */
export function offlineSessionId(shop: string): string {
  return `offline_${shop}`;
}

/**
 * Session storage over our session table (shared with OAuth and `flowfill shop add`). Loaded on
 * demand: @shopify/shopify-api is heavy, and the Flow hot path only reads the token.
 */
export async function sessionStorage(db: Database): Promise<DrizzleSessionStorageSQLite> {
  const { DrizzleSessionStorageSQLite } = await import('@shopify/shopify-app-session-storage-drizzle');
  return new DrizzleSessionStorageSQLite(db, sessions);
}

/** The prepared lookup of a shop's status and offline token (placeholders `shop`, `sessionId`). */
export function shopAccessQuery(db: Database) {
  return prepared(db, 'shops.access', () =>
    db
      .select({ status: shops.status, accessToken: sessions.accessToken, scope: sessions.scope })
      .from(shops)
      .leftJoin(sessions, eq(sessions.id, $('sessionId')))
      .where(eq(shops.domain, $('shop')))
      .limit(1)
      .prepare(),
  );
}

/** The placeholder values of shopAccessQuery for `shop`. */
export function shopAccessValues(shop: string) {
  return { shop, sessionId: offlineSessionId(shop) };
}

type ShopAccessRow = { status: string; accessToken: string | null; scope: string | null };

/** What shopAccessQuery's row says about `shop`. */
export function toShopAccess(shop: string, row: ShopAccessRow | undefined): ShopAccess | null {
  if (!row) return null;
  return {
    shop,
    installed: row.status === 'installed',
    accessToken: row.accessToken || null,
    scopes: row.scope
      ? row.scope
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [],
  };
}

/** Looks up whether a shop is installed and its offline access token, in one query. */
export async function getShopAccess(db: Database, shop: string): Promise<ShopAccess | null> {
  return toShopAccess(shop, await shopAccessQuery(db).get(shopAccessValues(shop)));
}

/** Registers (or re-registers) a shop with an offline Admin API token, stored like an OAuth session. */
export async function registerShop(
  db: Database,
  input: { shop: string; accessToken: string; scopes: string[]; now: number },
): Promise<void> {
  const { Session } = await import('@shopify/shopify-api');
  const session = new Session({
    id: offlineSessionId(input.shop),
    shop: input.shop,
    state: '',
    isOnline: false,
    accessToken: input.accessToken,
    scope: input.scopes.join(','),
  });
  await (await sessionStorage(db)).storeSession(session);
  await db
    .insert(shops)
    .values({ domain: input.shop, status: 'installed', scopes: input.scopes.join(','), installedAt: input.now, updatedAt: input.now })
    .onConflictDoUpdate({
      target: shops.domain,
      set: { status: 'installed', scopes: input.scopes.join(','), uninstalledAt: null, updatedAt: input.now },
    });
}

/** Marks a shop uninstalled and deletes its sessions; its Flow calls then get 404. */
export async function markUninstalled(db: Database, shop: string, now: number): Promise<void> {
  await db.delete(sessions).where(eq(sessions.shop, shop));
  await db.update(shops).set({ status: 'uninstalled', uninstalledAt: now, updatedAt: now }).where(eq(shops.domain, shop));
}

/** Reads a setting, or null. */
export async function getSetting(db: Database, key: string): Promise<string | null> {
  const rows = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).limit(1);
  return rows[0]?.value ?? null;
}

/** Stores `value` under `key` unless a value is already there; returns the value that is kept. */
export async function putSettingOnce(db: Database, key: string, value: string, now: number): Promise<string> {
  await db.insert(settings).values({ key, value, updatedAt: now }).onConflictDoNothing();
  return (await getSetting(db, key)) ?? value;
}

/** Where sandbox mode keeps the generated dev secret that signs Flow requests. */
export const DEV_SECRET_KEY = 'dev_secret';
