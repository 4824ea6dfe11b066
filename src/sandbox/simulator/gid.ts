/** Global IDs as the simulated Admin API writes and reads them. */

// Shopify accepts a query string after the numeric id (`InventoryLevel/1?inventory_item_id=2`).
const GID = /^gid:\/\/shopify\/([A-Za-z][A-Za-z0-9]*)\/([0-9]+)(\?[^#\s]*)?$/;

/** `gid://shopify/{type}/{id}`. */
export function gid(type: string, id: number | string): string {
  return `gid://shopify/${type}/${id}`;
}

/** Whether Shopify would accept `value` as a global id at all (well-formed, whatever it names). */
export function isWellFormedGid(value: string): boolean {
  return GID.test(value);
}

/** The type and numeric id of a well-formed GID; null otherwise. */
export function parseGid(value: string): { type: string; id: number } | null {
  const match = GID.exec(value);
  if (!match) return null;
  return { type: match[1]!, id: Number(match[2]) };
}

/** The numeric id of a GID of `type`, or null when `value` names something else. */
export function idOf(type: string, value: string): number | null {
  const parsed = parseGid(value);
  return parsed && parsed.type === type ? parsed.id : null;
}

/**
 * Normalises what test code passes to builders: a GID of `type`, or a bare number / numeric string.
 * Throws on anything else, because a typo in a scenario should fail loudly.
 */
export function toGid(type: string, value: number | string): string {
  if (typeof value === 'number') return gid(type, value);
  if (/^[0-9]+$/.test(value)) return gid(type, value);
  const parsed = parseGid(value);
  if (!parsed || parsed.type !== type) throw new Error(`not a ${type} id: ${value}`);
  return value;
}

/** The numeric part of a GID produced by this simulator. */
export function numericId(value: string): number {
  const parsed = parseGid(value);
  if (!parsed) throw new Error(`not a global id: ${value}`);
  return parsed.id;
}
