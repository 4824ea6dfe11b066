/** What Shopify's `URL` scalar accepts for a tracking link: an absolute http(s) RFC 3986/3987 URI, at most 2,000 characters. */

export const MAX_URL_LENGTH = 2000;

// RFC 3986 leaves these out of a URI (RFC 3987 adds non-ASCII letters, which are allowed here).
const NOT_IN_A_URI = /[\s"<>\\^`{|}]/;

/** Why `value` is not a tracking URL Shopify takes, or null when it is one. */
export function urlProblem(value: string): string | null {
  if (value.length > MAX_URL_LENGTH) return `must be at most ${MAX_URL_LENGTH} characters`;
  if (NOT_IN_A_URI.test(value))
    return 'must not contain spaces, quotes, angle brackets, braces, pipes, carets or backslashes (encode a space as %20)';
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'must be an http(s) URL';
  if (!parsed.hostname) return 'must name a host';
  return null;
}
