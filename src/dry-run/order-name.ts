/**
 * Orders by name ("#1001", what a merchant types). A name is not an id on a real store, so a dry
 * run given one looks it up first (ORDER_BY_NAME).
 */
import type { AdminClient } from '../shopify/client';
import { ORDER_BY_NAME } from './documents';

/** "#1001" or "1001" → "#1001"; another shop's naming ("EU1001", "#1001-A") stays; null when it cannot be an order name. */
export function normalizeOrderName(input: unknown): string | null {
  if (typeof input === 'number' && Number.isSafeInteger(input) && input > 0) return `#${input}`;
  if (typeof input !== 'string') return null;
  const text = input.trim();
  // Letters, digits, `#`, `-`, `.` and `_` only: the name goes into a search query unquoted.
  if (!/^#?[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(text)) return null;
  return /^\d+$/.test(text) ? `#${text}` : text;
}

/** The Admin search query that finds an order by name (Shopify's `name:` filter of QueryRoot.orders). */
export function orderNameQuery(name: string): string {
  return `name:${name}`;
}

/** The order's GID and name, or null when the shop has no order of that name. */
export async function findOrderByName(admin: AdminClient, name: string): Promise<{ id: string; name: string } | null> {
  const data = await admin.request(ORDER_BY_NAME, { query: orderNameQuery(name) });
  const found = data.orders.nodes[0];
  // Shopify's search can match loosely; only the order of exactly this name is the one meant.
  const comparable = (n: string) => n.replace(/^#/, '').toLowerCase();
  return found && comparable(found.name) === comparable(name) ? found : null;
}
