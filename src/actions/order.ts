/**
 * The order as every action's rules see it: the fields read from Shopify (one fragment, spread by
 * the fulfillment snapshot and by "Add tracking"), their normalised form, and the rules' `order` root.
 */
import type { OrderContext } from '../rules/context';

/** What the fragment reads. */
export interface OrderFieldsData {
  id: string;
  name: string;
  tags: string[];
  createdAt: string;
  email: string | null;
  cancelledAt: string | null;
  currencyCode: string;
  totalPriceSet: { shopMoney: { amount: string } };
  shippingAddress: {
    countryCodeV2: string | null;
    provinceCode: string | null;
    city: string | null;
    zip: string | null;
    latitude: number | null;
    longitude: number | null;
  } | null;
  customer: { id: string; tags: string[] } | null;
}

export const ORDER_FIELDS = /* GraphQL */ `
  fragment OrderFields on Order {
    id
    name
    tags
    createdAt
    email
    cancelledAt
    currencyCode
    totalPriceSet {
      shopMoney {
        amount
      }
    }
    shippingAddress {
      countryCodeV2
      provinceCode
      city
      zip
      latitude
      longitude
    }
    customer {
      id
      tags
    }
  }
`;

export interface OrderAddress {
  countryCode: string | null;
  provinceCode: string | null;
  city: string | null;
  zip: string | null;
  latitude: number | null;
  longitude: number | null;
}

/** The order, normalised (numbers as numbers, the address's country code under one name). */
export interface OrderFacts {
  id: string;
  name: string;
  tags: string[];
  createdAt: string;
  email: string | null;
  cancelledAt: string | null;
  currency: string;
  totalPrice: number;
  shippingAddress: OrderAddress | null;
  customer: { id: string; tags: string[] } | null;
  lineCount: number;
  totalQuantity: number;
}

/** Normalises what OrderFields read; the line figures come from wherever the caller counted them. */
export function orderFacts(order: OrderFieldsData, lines: { lineCount: number; totalQuantity: number }): OrderFacts {
  const address = order.shippingAddress;
  return {
    id: order.id,
    name: order.name,
    tags: order.tags,
    createdAt: order.createdAt,
    email: order.email,
    cancelledAt: order.cancelledAt,
    currency: order.currencyCode,
    totalPrice: Number(order.totalPriceSet.shopMoney.amount),
    shippingAddress: address
      ? {
          countryCode: address.countryCodeV2,
          provinceCode: address.provinceCode,
          city: address.city,
          zip: address.zip,
          latitude: address.latitude,
          longitude: address.longitude,
        }
      : null,
    customer: order.customer ? { id: order.customer.id, tags: order.customer.tags ?? [] } : null,
    lineCount: lines.lineCount,
    totalQuantity: lines.totalQuantity,
  };
}

/** The rules' `order` root (plain objects: `var` reads own properties only). */
export function orderContextOf(order: OrderFacts): OrderContext {
  const address = order.shippingAddress;
  return {
    id: order.id,
    name: order.name,
    tags: [...order.tags],
    total_price: order.totalPrice,
    currency: order.currency,
    created_at: order.createdAt,
    email: order.email,
    shipping_address: address
      ? {
          country_code: address.countryCode,
          province_code: address.provinceCode,
          city: address.city,
          zip: address.zip,
          latitude: address.latitude,
          longitude: address.longitude,
        }
      : null,
    customer: order.customer ? { id: order.customer.id, tags: [...order.customer.tags] } : null,
    line_count: order.lineCount,
    total_quantity: order.totalQuantity,
  };
}
