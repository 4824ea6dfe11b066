/** A named Admin GraphQL document with its variables and result types. */
export interface AdminDocument<TData, TVariables> {
  /** The GraphQL operation name (also what the run ledger records). */
  readonly name: string;
  readonly kind: 'query' | 'mutation';
  readonly query: string;
  /** Phantom fields that carry the types; never set at run time. */
  readonly __data?: TData;
  readonly __variables?: TVariables;
}

/** Declares a document; `name` must match the operation name inside `query`. */
export function adminDocument<TData, TVariables>(query: string): AdminDocument<TData, TVariables> {
  const match = /^\s*(query|mutation)\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(query);
  if (!match) throw new Error('Admin documents must start with a named query or mutation');
  return { kind: match[1] as 'query' | 'mutation', name: match[2]!, query };
}

/** Shopify's mutation user error. */
export interface UserError {
  field: string[] | null;
  message: string;
}
