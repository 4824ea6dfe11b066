/** Relay connections the way Shopify pages them (opaque base64 cursors, `first`/`last` required). */
import { GraphQLError } from 'graphql';
import { parseGid } from './gid';

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  reverse?: boolean | null;
}

export interface Connection<T> {
  edges: Array<{ cursor: string; node: T }>;
  nodes: T[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

const MAX_PAGE = 250;

/** A cursor like Shopify's: base64 of `{"last_id":…,"last_value":…}`. */
export function cursorFor(id: string, value: string | number = numeric(id)): string {
  return Buffer.from(JSON.stringify({ last_id: numeric(id), last_value: value })).toString('base64');
}

function numeric(id: string): number {
  return parseGid(id)?.id ?? 0;
}

function decode(cursor: string): number | null {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8')) as { last_id?: unknown };
    return typeof parsed.last_id === 'number' ? parsed.last_id : null;
  } catch {
    return null;
  }
}

/** One page of `items` (already in sort order) for Relay-style arguments. */
export function connection<T extends { id: string }>(
  items: readonly T[],
  args: ConnectionArgs,
  sortValue?: (item: T) => string | number,
): Connection<T> {
  if (args.first == null && args.last == null) throw new GraphQLError('you must provide one of first or last');
  for (const name of ['first', 'last'] as const) {
    const n = args[name];
    if (n != null && (n < 0 || n > MAX_PAGE)) {
      throw new GraphQLError(`The \`${name}\` argument must be between 0 and ${MAX_PAGE}.`, { extensions: { code: 'BAD_REQUEST' } });
    }
  }
  let list = args.reverse ? [...items].reverse() : [...items];
  const indexOf = (cursor: string) => {
    const id = decode(cursor);
    if (id === null) throw new GraphQLError(`Invalid cursor for current pagination sort.`, { extensions: { code: 'BAD_REQUEST' } });
    return list.findIndex((item) => numeric(item.id) === id);
  };
  let start = 0;
  let end = list.length;
  if (args.after) {
    const i = indexOf(args.after);
    if (i >= 0) start = i + 1;
  }
  if (args.before) {
    const i = indexOf(args.before);
    if (i >= 0) end = i;
  }
  list = list.slice(start, Math.max(start, end));
  let hasNextPage = end < items.length;
  let hasPreviousPage = start > 0;
  if (args.first != null && list.length > args.first) {
    list = list.slice(0, args.first);
    hasNextPage = true;
  }
  if (args.last != null && list.length > args.last) {
    list = list.slice(list.length - args.last);
    hasPreviousPage = true;
  }
  const edges = list.map((node) => ({ cursor: cursorFor(node.id, sortValue ? sortValue(node) : numeric(node.id)), node }));
  return {
    edges,
    nodes: list,
    pageInfo: { hasNextPage, hasPreviousPage, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
