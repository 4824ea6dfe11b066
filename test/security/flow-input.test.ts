/**
 * Hostile input on the Flow routes: fuzzed bodies, headers and IDs (signed, so they reach the
 * parser) never crash the app or answer 5xx; signatures are checked on the bytes; oversized bodies
 * are refused before any handler reads them; rules with prototype paths are refused.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signHmac } from '../../src/flow/hmac';
import { MAX_BODY_BYTES } from '../../src/flow/routes';
import { createHarness, SECRET, SHOP, type Harness } from '../helpers/harness';

const ROUTES = ['add-tracking', 'fulfill-from-best-location', 'partial-fulfill-ready-items'];
const PATHS = [...ROUTES.map((r) => `/flow/actions/${r}`), '/flow/actions/unknown-action', '/flow/validate'];
let h: Harness;

beforeAll(async () => {
  h = await createHarness({ sandboxShop: SHOP });
});
afterAll(async () => {
  await h?.close();
});

/** Posts a signed raw body and checks the answer is never a 5xx, and a clear JSON error when 4xx. */
async function expectHandled(path: string, body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}) {
  const response = await h.post(path, body, headers);
  const label = `${path} ${typeof body === 'string' ? body.slice(0, 200) : `<${body.length} bytes>`} → ${response.status} ${JSON.stringify(response.json).slice(0, 200)}`;
  expect(response.status, label).toBeLessThan(500);
  if (response.status >= 400) {
    expect(response.json?.error, label).toMatchObject({ code: expect.stringMatching(/^[a-z_]+$/), message: expect.any(String) });
    expect(response.json.error.message.length, label).toBeGreaterThan(10);
  }
  return response;
}

/** IDs as Flow, a confused merchant or an attacker might send them. */
const hostileId = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(
    'gid://shopify/Order/1001',
    'gid://shopify/Order/-1',
    'gid://shopify/Order/1e400',
    'gid://shopify/Product/1',
    '1001',
    '0',
    '99999999999999999999999',
    '__proto__',
    'constructor',
    '../../etc/passwd',
    "1' OR '1'='1",
    '\u0000',
    'gid://shopify/Order/1001\n',
  ),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

const envelope = fc.record(
  {
    shop_id: fc.oneof(fc.integer(), fc.string(), fc.constant(null)),
    shopify_domain: fc.oneof(
      fc.constant(SHOP),
      fc.constant(SHOP.toUpperCase()),
      fc.constant(` ${SHOP} `),
      fc.domain(),
      fc.string(),
      fc.constant('__proto__'),
    ),
    action_run_id: fc.oneof(fc.string({ maxLength: 300 }), fc.uuid(), fc.integer(), fc.constant('x'.repeat(256))),
    action_definition_id: fc.string(),
    handle: fc.oneof(fc.constantFrom(...ROUTES), fc.string()),
    properties: fc.oneof(
      fc.record(
        {
          order_id: hostileId,
          tracking_number: fc.oneof(fc.string({ maxLength: 60 }), fc.constant('1Z999AA10123456784'), fc.integer()),
          tracking_company: fc.oneof(fc.string(), fc.constant(null)),
          tracking_url: fc.oneof(fc.webUrl(), fc.string(), fc.constant('javascript:alert(1)')),
          notify_customer: fc.oneof(fc.boolean(), fc.string(), fc.constant('true')),
          fulfill_if_needed: fc.oneof(fc.boolean(), fc.string()),
          rule: fc.oneof(fc.string(), fc.constant('__proto__'), fc.constant('{{ order.id }}')),
          __proto__: fc.jsonValue(),
          constructor: fc.jsonValue(),
        },
        { requiredKeys: [] },
      ),
      fc.jsonValue(),
    ),
  },
  { requiredKeys: [] },
);

describe('security: fuzzed Flow requests (signed)', () => {
  it('envelopes with hostile fields and IDs: never 5xx, 4xx errors are JSON with a code and message', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PATHS), envelope, async (path, body) => {
        await expectHandled(path, JSON.stringify(body));
      }),
      { numRuns: 300, seed: 6 },
    );
  });

  it('arbitrary JSON values and raw bytes as the body', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PATHS),
        fc.oneof(
          fc.jsonValue().map((v) => JSON.stringify(v) ?? ''),
          fc.string(),
          fc.string({ unit: 'binary' }),
        ),
        async (path, body) => {
          await expectHandled(path, body);
        },
      ),
      { numRuns: 200, seed: 7 },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PATHS), fc.uint8Array({ maxLength: 512 }), async (path, bytes) => {
        await expectHandled(path, new Uint8Array(bytes));
      }),
      { numRuns: 100, seed: 8 },
    );
  });

  it('hostile headers next to a valid signature: never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom(
            'content-type',
            'content-encoding',
            'x-shopify-shop-domain',
            'x-forwarded-for',
            'accept',
            'x-request-id',
            'transfer-encoding-x',
          ),
          fc.string({ unit: 'grapheme-ascii', maxLength: 100 }),
        ),
        async (headers) => {
          const clean = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.replace(/[\r\n\0]/g, '')]));
          await expectHandled(
            '/flow/actions/add-tracking',
            h.flowBody('add-tracking', { order_id: 1006, tracking_number: 'RA123456785BR' }),
            clean,
          );
        },
      ),
      { numRuns: 100, seed: 9 },
    );
  });

  it('paths with odd handles: JSON 404 / 4xx, never 5xx', async () => {
    for (const handle of ['%00', '..%2F..%2Fapi', '__proto__', 'constructor', 'ADD-TRACKING', 'add-tracking%20', 'a'.repeat(5000)]) {
      await expectHandled(`/flow/actions/${handle}`, h.flowBody(handle, { order_id: 1001, tracking_number: 'X1' }));
    }
  });
});

describe('security: signatures', () => {
  const body = () => h.flowBody('add-tracking', { order_id: 1001, tracking_number: '1Z999AA10123456784' });

  it('refuses every equal-length wrong signature (each byte flipped) and fuzzed signature headers', async () => {
    const payload = body();
    const good = Buffer.from(await signHmac(payload, SECRET), 'base64');
    for (let i = 0; i < good.length; i++) {
      const wrong = Buffer.from(good);
      wrong[i] = wrong[i]! ^ 0x01;
      const res = await h.app.request('/flow/actions/add-tracking', {
        method: 'POST',
        headers: { 'X-Shopify-Hmac-Sha256': wrong.toString('base64') },
        body: payload,
      });
      expect(res.status).toBe(401);
    }
    // The signature of another body, of the same body with another secret, hex instead of base64.
    const others = [
      await signHmac(`${payload} `, SECRET),
      await signHmac(payload, `${SECRET}x`),
      good.toString('hex'),
      good.toString('base64url'),
      `${good.toString('base64')}==`,
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(...others), fc.string({ maxLength: 100 }), fc.base64String({ minLength: 44, maxLength: 44 })),
        async (signature) => {
          const res = await h.app.request('/flow/actions/add-tracking', {
            method: 'POST',
            headers: { 'X-Shopify-Hmac-Sha256': signature.replace(/[\r\n\0]/g, '') },
            body: payload,
          });
          expect(res.status).toBe(401);
          expect(((await res.json()) as any).error.code).toBe('invalid_hmac');
        },
      ),
      { numRuns: 200, seed: 10 },
    );
  });
});

describe('security: oversized bodies', () => {
  it('refuses a body over the limit with 413 before any handler runs: no ledger row, no Admin API call, no request log', async () => {
    const runId = 'oversized-run';
    const huge = h.flowBody(
      'add-tracking',
      { order_id: 1001, tracking_number: 'X', padding: 'x'.repeat(MAX_BODY_BYTES) },
      { action_run_id: runId },
    );
    const callsBefore = h.sim.calls.length;
    const logsBefore = h.logs.length;
    for (const path of PATHS) {
      const res = await h.post(path, huge);
      expect(res.status).toBe(413);
      expect(res.json.error.code).toBe('body_too_large');
      // Streamed without a Content-Length: the limit counts the bytes as they arrive.
      const bytes = new TextEncoder().encode(huge);
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 64 * 1024) controller.enqueue(bytes.slice(i, i + 64 * 1024));
          controller.close();
        },
      });
      const streamed = await h.app.request(path, {
        method: 'POST',
        headers: { 'X-Shopify-Hmac-Sha256': await signHmac(huge, SECRET) },
        body: stream,
        duplex: 'half',
      } as RequestInit);
      expect(streamed.status).toBe(413);
    }
    expect(h.sim.calls.length).toBe(callsBefore);
    expect((await h.runs()).some((r) => r.actionRunId === runId)).toBe(false);
    expect(h.logs.slice(logsBefore).some((line) => line.includes(runId))).toBe(false);
  });
});

describe('security: rules with prototype paths through the admin API', () => {
  it('PUT /api/rules refuses __proto__, constructor and prototype paths and stores nothing', async () => {
    const cases = [
      { name: 'a', action: 'add-tracking', carrier: { var: '__proto__.polluted' } },
      { name: 'b', action: 'fulfill-from-best-location', score: { var: 'location.constructor.prototype' } },
      { name: 'c', action: 'partial-fulfill-ready-items', ready: { var: ['line.__proto__', true] } },
      { name: 'd', action: 'add-tracking', when: { missing: ['order.constructor'] } },
    ];
    for (const rule of cases) {
      const res = await h.app.request('http://localhost/api/rules', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ rules: [rule] }),
      });
      expect(res.status, JSON.stringify(rule)).toBe(422);
      const json = (await res.json()) as any;
      expect(json.error.code).toBe('invalid_rules');
      expect(JSON.stringify(json.error.errors)).toMatch(/__proto__|constructor|prototype/);
    }
    const stored = await h.app.request('http://localhost/api/rules');
    expect(((await stored.json()) as any).document).toEqual({ rules: [] });
    expect(({} as any).polluted).toBeUndefined();
  });
});
