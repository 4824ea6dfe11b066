/** The Admin GraphQL documents the dry run sends itself (the actions' own live with each action). */
import { adminDocument } from '../shopify/document';

export interface OrderByNameData {
  orders: { nodes: Array<{ id: string; name: string }> };
}

/**
 * Finds an order by its name ("#1001"), which is not its id: `query` is Shopify's search syntax,
 * `name:#1001` (the `name` filter of QueryRoot.orders).
 */
export const ORDER_BY_NAME = adminDocument<OrderByNameData, { query: string }>(/* GraphQL */ `
  query OrderByName($query: String!) {
    orders(first: 1, query: $query) {
      nodes {
        id
        name
      }
    }
  }
`);
