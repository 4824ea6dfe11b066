/** Shopify global IDs: parsing what merchants and Flow send, formatting what the API expects. */

const GID = /^gid:\/\/shopify\/([A-Za-z]+)\/([0-9]+)(?:\?.*)?$/;

/** `gid://shopify/{type}/{id}` for a numeric id. */
export function toGid(type: string, id: string | number | bigint): string {
  return `gid://shopify/${type}/${id}`;
}

/** The numeric part of a GID (or the input itself when it is already numeric). */
export function legacyId(gid: string): string {
  const match = GID.exec(gid);
  return match ? match[2]! : gid;
}

/**
 * Accepts a GID of `type`, a bare positive integer or a numeric string, and returns the GID;
 * null for anything else (a GID of another type, a name like `#1001`, a float, ...).
 */
export function parseGid(type: string, input: unknown): string | null {
  if (typeof input === 'number') {
    return Number.isSafeInteger(input) && input > 0 ? toGid(type, input) : null;
  }
  if (typeof input !== 'string') return null;
  const value = input.trim();
  if (/^[0-9]{1,20}$/.test(value) && !/^0+$/.test(value)) return toGid(type, value.replace(/^0+/, ''));
  const match = GID.exec(value);
  return match && match[1] === type ? toGid(type, match[2]!) : null;
}
