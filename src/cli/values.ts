/** Pure parsers for the CLI's argument values; each throws an ArgumentError that says what was expected. */
import { parseGid } from '../shopify/gid';
import { ArgumentError } from './command';

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

/**
 * A shop's myshopify.com domain, lower-cased. A pasted `https://…/` around it is forgiven,
 * since merchants copy it from the browser; anything else (a custom domain, a bare name) is refused.
 */
export function parseShopDomain(input: string): string {
  const domain = input
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/\/+$/, '');
  if (!SHOP_DOMAIN.test(domain)) {
    throw new ArgumentError(
      `${JSON.stringify(input)} is not a shop domain: give the shop's myshopify.com domain, like example.myshopify.com`,
    );
  }
  return domain;
}

/** A comma-separated scope list (`read_orders,write_merchant_managed_fulfillment_orders`), deduplicated. */
export function parseScopes(input: string): string[] {
  const scopes = [
    ...new Set(
      input
        .split(',')
        .map((scope) => scope.trim())
        .filter(Boolean),
    ),
  ];
  if (scopes.length === 0)
    throw new ArgumentError('--scopes needs at least one scope, like read_orders,write_merchant_managed_fulfillment_orders');
  const bad = scopes.find((scope) => !/^[a-z][a-z_]*[a-z]$/.test(scope));
  if (bad)
    throw new ArgumentError(
      `${JSON.stringify(bad)} is not an access scope: scopes look like read_orders or write_merchant_managed_fulfillment_orders`,
    );
  return scopes;
}

/**
 * The order reference to send as `properties.order_id`, as the user gave it: a GID stays a
 * string, a bare id becomes a number (Flow may send either). Checked with the server's own rules first.
 */
export function parseOrderReference(input: string): string | number {
  const value = input.trim();
  if (!parseGid('Order', value)) {
    throw new ArgumentError(
      `${JSON.stringify(input)} is not an order id: give a GID like gid://shopify/Order/1234567890 or the numeric id`,
    );
  }
  if (/^[0-9]+$/.test(value)) {
    const number = Number(value);
    if (Number.isSafeInteger(number)) return number;
  }
  return value;
}

/** Repeated `--prop key=value` options as string properties (Flow sends text fields as strings). */
export function parseProps(items: readonly string[], reserved: Record<string, string> = {}): Record<string, string> {
  const props: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    const key = eq === -1 ? item : item.slice(0, eq);
    if (eq === -1 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
      throw new ArgumentError(`--prop ${JSON.stringify(item)} must look like key=value, e.g. --prop tracking_number=1Z999AA10123456784`);
    }
    const instead = reserved[key];
    if (instead) throw new ArgumentError(`--prop ${key}=… is not allowed: use ${instead}`);
    if (key in props) throw new ArgumentError(`--prop ${key} is given twice`);
    props[key] = item.slice(eq + 1);
  }
  return props;
}

/** A whole number between 1 and `max` (for `--limit`). */
export function parseLimit(input: string, max: number): number {
  const value = input.trim();
  const number = /^[0-9]+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(number) || number < 1 || number > max) {
    throw new ArgumentError(`--limit must be a whole number from 1 to ${max}, not ${JSON.stringify(input)}`);
  }
  return number;
}

/** One status out of `allowed`, or a comma-separated list of them (`--status failed,pending`). */
export function parseStatuses<S extends string>(input: string, allowed: readonly S[]): S[] {
  const statuses = [
    ...new Set(
      input
        .split(',')
        .map((status) => status.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
  const bad = statuses.find((status) => !(allowed as readonly string[]).includes(status));
  if (statuses.length === 0 || bad !== undefined) {
    throw new ArgumentError(
      `--status ${JSON.stringify(bad ?? input)} is not a run status: use ${allowed.join(', ')} (or several, comma-separated)`,
    );
  }
  return statuses as S[];
}

/** A Flow action_run_id: any non-empty text up to 255 characters, like the server accepts. */
export function parseRunId(input: string): string {
  if (input.trim() === '' || input.length > 255) throw new ArgumentError('--run-id must be 1 to 255 characters');
  return input;
}

/** A Flow action handle (`add-tracking`): lower-case words joined by dashes. */
export function parseHandle(input: string): string {
  if (!/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/.test(input)) {
    throw new ArgumentError(
      `${JSON.stringify(input)} is not an action handle: handles look like add-tracking or fulfill-from-best-location`,
    );
  }
  return input;
}

/** The server's base URL (`--url`), without a trailing slash. */
export function parseBaseUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new ArgumentError(`--url ${JSON.stringify(input)} is not a URL: give the server's base URL, like http://localhost:8080`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ArgumentError(`--url must be an http:// or https:// URL, not ${url.protocol}`);
  if (url.search || url.hash) throw new ArgumentError('--url is the server base URL: leave out any ?query or #fragment');
  return url.href.replace(/\/+$/, '');
}
