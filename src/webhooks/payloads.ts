/** The webhook topics flowfill handles and their payloads (only the fields it uses). */
import { z } from 'zod';

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;
const shopDomain = z.string().trim().toLowerCase().regex(SHOP_DOMAIN);
const numericId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,20}$/)]).transform(String);

export type Topic = 'app/uninstalled' | 'customers/data_request' | 'customers/redact' | 'shop/redact';

/** `APP_UNINSTALLED` (shopify-api's form) or `app/uninstalled` (the header's) → `app/uninstalled`; null for others. */
export function normaliseTopic(topic: string): Topic | null {
  const lower = topic.trim().toLowerCase();
  const t = lower.includes('/') ? lower : lower.replace('_', '/');
  return t === 'app/uninstalled' || t === 'customers/data_request' || t === 'customers/redact' || t === 'shop/redact' ? t : null;
}

/** app/uninstalled carries the shop resource. */
export const appUninstalledSchema = z.object({ myshopify_domain: shopDomain.optional() }).loose();

/** customers/data_request: shop, customer and the orders Shopify asks about. */
export const dataRequestSchema = z
  .object({
    shop_domain: shopDomain.optional(),
    orders_requested: z.array(numericId).optional(),
  })
  .loose();

/** customers/redact: the orders whose details must go. */
export const customersRedactSchema = z
  .object({
    shop_domain: shopDomain.optional(),
    orders_to_redact: z.array(numericId).default([]),
  })
  .loose();

/** shop/redact: 48 h after uninstall, erase the shop. */
export const shopRedactSchema = z.object({ shop_domain: shopDomain.optional() }).loose();
