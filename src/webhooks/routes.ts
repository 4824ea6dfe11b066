/**
 * `POST /webhooks`: app/uninstalled and the three compliance topics, checked with
 * shopify.webhooks.validate (HMAC of the raw body with the app secret, and Shopify's headers)
 * before anything is read. Every handler is safe to repeat: Shopify retries deliveries.
 */
import { Hono, type Context } from 'hono';
import type { z } from 'zod';
import type { AppDeps } from '../deps';
import { deleteShopData, redactOrderRuns } from '../db/compliance';
import { markUninstalled } from '../db/shops';
import { shopifyFor } from '../auth/shopify-api';
import { appUninstalledSchema, customersRedactSchema, dataRequestSchema, normaliseTopic, shopRedactSchema, type Topic } from './payloads';
import { errorBody } from '../http/error-body';

/** Webhook bodies are small JSON documents; anything bigger is not Shopify's. */
const MAX_BODY_BYTES = 1024 * 1024;

/** The /webhooks route. */
export function webhookRoutes(deps: AppDeps): Hono {
  const app = new Hono();
  app.post('/', async (c) => {
    const length = Number(c.req.header('Content-Length') ?? 0);
    if (length > MAX_BODY_BYTES) return fail(c, 413, 'body_too_large', 'Webhook bodies over 1 MiB are refused.');
    const rawBody = await c.req.text();
    const shopify = await shopifyFor(deps);
    const check = await shopify.webhooks.validate({ rawBody, rawRequest: c.req.raw });
    if (!check.valid) {
      const reason = check.reason;
      deps.logger.log('warn', 'webhook refused', {
        reason,
        ...('missingHeaders' in check ? { missing: check.missingHeaders.join(',') } : {}),
      });
      if (reason === 'missing_headers')
        return fail(
          c,
          400,
          'missing_headers',
          `Missing webhook headers: ${'missingHeaders' in check ? check.missingHeaders.join(', ') : ''}.`,
        );
      return fail(c, 401, 'invalid_hmac', "The webhook signature (X-Shopify-Hmac-Sha256) does not match this app's secret.");
    }
    const topic = normaliseTopic(check.topic);
    const log = deps.logger.child({ topic: topic ?? check.topic, webhook_id: check.webhookId });
    if (!topic) {
      log.log('info', 'webhook topic ignored', { shop: check.domain });
      return c.json({ ok: true, ignored: true });
    }
    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch {
      return fail(c, 400, 'invalid_json', 'The webhook body is not JSON.');
    }
    const handled = await handle(deps, topic, body, check.domain, log);
    if (!handled.ok) return fail(c, 400, 'invalid_payload', handled.message);
    return c.json({ ok: true });
  });
  return app;
}

type Outcome = { ok: true } | { ok: false; message: string };

async function handle(deps: AppDeps, topic: Topic, body: unknown, headerShop: string, log: AppDeps['logger']): Promise<Outcome> {
  const now = deps.clock.now();
  switch (topic) {
    case 'app/uninstalled': {
      const payload = parse(appUninstalledSchema, body);
      if (!payload.ok) return payload;
      const shop = shopOf(payload.value.myshopify_domain, headerShop);
      if (!shop) return { ok: false, message: 'No shop domain in the webhook.' };
      await markUninstalled(deps.db, shop, now);
      log.log('info', 'shop uninstalled', { shop });
      return { ok: true };
    }
    case 'customers/data_request': {
      const payload = parse(dataRequestSchema, body);
      if (!payload.ok) return payload;
      // We hold no customer data: the ledger keeps order ids and what each run did, nothing about the person.
      log.log('info', 'customer data request received: flowfill holds no customer data beyond order ids in the run ledger', {
        shop: shopOf(payload.value.shop_domain, headerShop),
        orders: payload.value.orders_requested?.length ?? 0,
      });
      return { ok: true };
    }
    case 'customers/redact': {
      const payload = parse(customersRedactSchema, body);
      if (!payload.ok) return payload;
      const shop = shopOf(payload.value.shop_domain, headerShop);
      if (!shop) return { ok: false, message: 'No shop domain in the webhook.' };
      const orderIds = payload.value.orders_to_redact.map((id) => `gid://shopify/Order/${id}`);
      const runs = await redactOrderRuns(deps.db, shop, orderIds, now);
      log.log('info', 'customer orders redacted', { shop, orders: orderIds.length, runs });
      return { ok: true };
    }
    case 'shop/redact': {
      const payload = parse(shopRedactSchema, body);
      if (!payload.ok) return payload;
      const shop = shopOf(payload.value.shop_domain, headerShop);
      if (!shop) return { ok: false, message: 'No shop domain in the webhook.' };
      await deleteShopData(deps.db, shop);
      log.log('info', 'shop data deleted', { shop });
      return { ok: true };
    }
  }
}

/**
 * The shop the webhook is about: the signed body's domain when it has one (the headers are not
 * covered by the HMAC), else the X-Shopify-Shop-Domain header.
 */
function shopOf(fromBody: string | undefined, fromHeader: string): string | null {
  if (fromBody) return fromBody;
  const header = fromHeader.trim().toLowerCase();
  return /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(header) ? header : null;
}

function parse<T extends z.ZodType>(schema: T, body: unknown): { ok: true; value: z.infer<T> } | { ok: false; message: string } {
  const result = schema.safeParse(body);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    message: `The webhook body is not the expected shape: ${result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`,
  };
}

function fail(c: Context, status: 400 | 401 | 413, code: string, message: string) {
  return c.json(errorBody(code, message), status);
}
