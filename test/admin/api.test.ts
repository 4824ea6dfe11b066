// The admin JSON API over the real app and a real libSQL file, authenticated with real HS256
// session tokens as App Bridge sends them. shopify-api needs its runtime adapter, as in src/node.ts.
import '@shopify/shopify-api/adapters/web-api';
import { sql } from 'drizzle-orm';
import { SignJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { markUninstalled, registerShop } from '../../src/db/shops';
import { ruleVersions as versionsTable } from '../../src/db/schema';
import { MAX_RULES_BODY_BYTES } from '../../src/admin/api';
import { createHarness, jsonOrText, SECRET, SHOP, type Harness } from '../helpers/harness';
import { designDocument, trackingRule } from '../rules/store-fixtures';
import { stubTokenEndpoint } from '../auth/helpers';

const API_KEY = 'flowfill-test-client-id';
const OTHER = 'other.myshopify.com';
const GONE = 'gone.myshopify.com';

interface TokenOptions {
  shop?: string;
  aud?: string;
  secret?: string;
  /** Seconds from now. */
  exp?: number;
  nbf?: number;
  dest?: string;
  iss?: string;
}

/** A session token like App Bridge's: HS256 with the app secret, aud = the API key, dest = the shop. */
async function sessionToken(options: TokenOptions = {}): Promise<string> {
  const shop = options.shop ?? SHOP;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ dest: options.dest ?? `https://${shop}`, sid: 'session-id', sub: '42' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(options.iss ?? `https://${shop}/admin`)
    .setAudience(options.aud ?? API_KEY)
    .setIssuedAt(now - 5)
    .setNotBefore(now + (options.nbf ?? -5))
    .setExpirationTime(now + (options.exp ?? 60))
    .setJti(`jti-${Math.random()}`)
    .sign(new TextEncoder().encode(options.secret ?? SECRET));
}

describe('admin JSON API (/api/rules)', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await createHarness({ apiKey: API_KEY });
    await registerShop(h.db, { shop: OTHER, accessToken: 'shpat_other', scopes: ['read_orders'], now: Date.now() });
    await registerShop(h.db, { shop: GONE, accessToken: 'shpat_gone', scopes: ['read_orders'], now: Date.now() });
    await markUninstalled(h.db, GONE, Date.now());
  });
  afterEach(async () => {
    await h.close();
  });

  async function call(
    method: string,
    path: string,
    options: { token?: string | null; body?: string | object; headers?: Record<string, string>; url?: string } = {},
  ) {
    const token = options.token === undefined ? await sessionToken() : options.token;
    const headers: Record<string, string> = { ...(token !== null ? { Authorization: `Bearer ${token}` } : {}), ...options.headers };
    const body = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    if (body !== undefined) headers['Content-Type'] ??= 'application/json';
    const response = await h.app.request(options.url ?? `http://localhost${path}`, { method, headers, body });
    return { status: response.status, json: await jsonOrText(response), headers: response.headers };
  }

  it('GET /api/rules: an empty document for a shop without rules, with nosniff', async () => {
    const res = await call('GET', '/api/rules');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ document: { rules: [] }, versions: {}, revision: 0 });
    expect(res.headers.get('ETag')).toBe('"rules-0"');
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('Content-Type')).toMatch(/^application\/json/);
  });

  it('PUT /api/rules replaces the document and answers with the summary; GET then shows it with versions', async () => {
    const put = await call('PUT', '/api/rules', { body: designDocument() });
    expect(put.status).toBe(200);
    expect(put.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(put.json.summary.added.map((r: { name: string }) => r.name).sort()).toEqual([
      'brazil-correios',
      'ship-in-stock-lines',
      'us-east-warehouses-first',
    ]);
    expect(put.json.versions).toEqual({ 'brazil-correios': 1, 'ship-in-stock-lines': 1, 'us-east-warehouses-first': 1 });

    const doc = designDocument();
    doc.rules[2]!.carrier = 'Correios Brasil';
    doc.rules.splice(1, 1);
    const second = await call('PUT', '/api/rules', { body: doc });
    expect(second.status).toBe(200);
    expect(second.json.summary).toEqual({
      added: [],
      changed: [{ name: 'brazil-correios', version: 2, previous_version: 1 }],
      unchanged: [{ name: 'us-east-warehouses-first', version: 1 }],
      retired: [{ name: 'ship-in-stock-lines', version: 1 }],
    });

    const get = await call('GET', '/api/rules');
    expect(get.status).toBe(200);
    expect(get.json.versions).toEqual({ 'brazil-correios': 2, 'us-east-warehouses-first': 1 });
    expect(get.json.document).toEqual(second.json.document);
    expect(get.json.document.rules.find((r: { name: string }) => r.name === 'brazil-correios')).toMatchObject({
      carrier: 'Correios Brasil',
      priority: 100,
      enabled: true,
    });

    // The document GET returns can be PUT back as is: nothing changes.
    const back = await call('PUT', '/api/rules', { body: get.json.document });
    expect(back.json.summary).toMatchObject({ added: [], changed: [], retired: [] });
  });

  it('PUT /api/rules with If-Match: saves only over the revision the page loaded (412 rules_changed otherwise)', async () => {
    const loaded = await call('GET', '/api/rules');
    const tag = loaded.headers.get('ETag')!;
    const first = await call('PUT', '/api/rules', { body: { rules: [trackingRule('ups')] }, headers: { 'If-Match': tag } });
    expect(first.status).toBe(200);
    expect(first.json.revision).toBe(1);
    expect(first.headers.get('ETag')).toBe('"rules-1"');

    // A second tab still holding the old ETag is refused, and nothing it sent is stored.
    const stale = await call('PUT', '/api/rules', { body: { rules: [trackingRule('fedex', 'FedEx')] }, headers: { 'If-Match': tag } });
    expect(stale.status).toBe(412);
    expect(stale.json.error).toMatchObject({ code: 'rules_changed', revision: 1 });
    expect((await call('GET', '/api/rules')).json.versions).toEqual({ ups: 1 });

    // Saving an unchanged document does not move the revision; * and no header skip the check.
    expect(
      (await call('PUT', '/api/rules', { body: { rules: [trackingRule('ups')] }, headers: { 'If-Match': '"rules-1"' } })).json.revision,
    ).toBe(1);
    expect(
      (await call('PUT', '/api/rules', { body: { rules: [trackingRule('fedex', 'FedEx')] }, headers: { 'If-Match': '*' } })).status,
    ).toBe(200);
    expect(
      (await call('PUT', '/api/rules', { body: { rules: [trackingRule('x')] }, headers: { 'If-Match': 'garbage' } })).json.error.code,
    ).toBe('invalid_if_match');
    expect((await call('GET', '/api/rules')).json).toMatchObject({ versions: { fedex: 1 }, revision: 2 });
  });

  it('PUT /api/rules with an invalid document: 422 invalid_rules with each JSON path, and nothing changed', async () => {
    await call('PUT', '/api/rules', { body: designDocument() });
    const before = await call('GET', '/api/rules');
    const versionRows = (await h.db.select().from(versionsTable)).length;

    const bad = designDocument() as { rules: Record<string, unknown>[] };
    bad.rules[0]!.elegible = true;
    bad.rules[1]!.ready = { '>=': [{ var: 'line.availabel' }, 0] };
    const res = await call('PUT', '/api/rules', { body: bad, headers: { 'If-Match': before.headers.get('ETag')! } });
    expect(res.status).toBe(422);
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.json.error.code).toBe('invalid_rules');
    expect(res.json.error.errors.length).toBeGreaterThanOrEqual(2);
    for (const error of res.json.error.errors) {
      expect(error).toEqual({ path: expect.any(String), message: expect.any(String) });
    }
    const paths: string[] = res.json.error.errors.map((e: { path: string }) => e.path);
    expect(paths.some((p) => p.startsWith('/rules/0'))).toBe(true);
    expect(paths.some((p) => p.startsWith('/rules/1/ready'))).toBe(true);

    for (const body of ['{"rules": [', '', 'null', '[]', '{"rules": {}}', '\u0000\u0001binary']) {
      const refused = await call('PUT', '/api/rules', { body });
      expect(refused.status, body).toBe(422);
      expect(refused.json.error.code).toBe('invalid_rules');
    }
    expect(await call('GET', '/api/rules')).toMatchObject({ json: before.json });
    expect(await h.db.select().from(versionsTable)).toHaveLength(versionRows);
  });

  it('refuses bodies over 64 KiB with 413 before reading them, and changes nothing', async () => {
    const huge = JSON.stringify({ rules: [{ ...trackingRule('big'), carrier: 'x'.repeat(MAX_RULES_BODY_BYTES) }] });
    const put = await call('PUT', '/api/rules', { body: huge });
    expect(put.status).toBe(413);
    expect(put.json.error.code).toBe('body_too_large');
    expect(put.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect((await call('POST', '/api/rules/validate', { body: huge })).status).toBe(413);
    expect((await call('GET', '/api/rules')).json.document).toEqual({ rules: [] });
  });

  it('POST /api/rules/validate answers ok or the errors, never 5xx, and stores nothing', async () => {
    const ok = await call('POST', '/api/rules/validate', { body: designDocument() });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ ok: true });

    const bad = await call('POST', '/api/rules/validate', {
      body: { rules: [{ name: 'x', action: 'add-tracking', carrier: { var: 'order.__proto__' } }] },
    });
    expect(bad.status).toBe(200);
    expect(bad.json.ok).toBe(false);
    expect(bad.json.errors[0]).toEqual({ path: expect.stringMatching(/^\/rules\/0\/carrier/), message: expect.any(String) });

    const hostile = [
      '',
      'null',
      '{',
      '['.repeat(30_000),
      `{"rules":${'['.repeat(20_000)}${']'.repeat(20_000)}}`,
      `{"rules":[{"name":"deep","action":"add-tracking","carrier":${'{"!":'.repeat(5_000)}true${'}'.repeat(5_000)}}]}`,
      JSON.stringify({ rules: [{ name: 'x'.repeat(60_000), action: 'add-tracking' }] }),
      '\uFFFF\uD800',
      JSON.stringify({ __proto__: { rules: [] }, constructor: 1 }),
    ];
    for (const body of hostile) {
      const res = await call('POST', '/api/rules/validate', { body });
      expect(res.status, body.slice(0, 40)).toBe(200);
      expect(res.json.ok, body.slice(0, 40)).toBe(false);
      expect(res.json.errors.length).toBeGreaterThan(0);
    }
    expect((await call('GET', '/api/rules')).json.document).toEqual({ rules: [] });
  });

  it('GET /api/rules/:name/versions: the history oldest first; 404 for a name the shop never had', async () => {
    await call('PUT', '/api/rules', { body: { rules: [trackingRule('ups ground: v2', 'UPS')] } });
    await call('PUT', '/api/rules', { body: { rules: [trackingRule('ups ground: v2', 'FedEx')] } });
    await call('PUT', '/api/rules', { body: { rules: [] } });

    const res = await call('GET', `/api/rules/${encodeURIComponent('ups ground: v2')}/versions`);
    expect(res.status).toBe(200);
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.json).toMatchObject({ name: 'ups ground: v2', current_version: 2, retired_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(res.json.versions.map((v: any) => [v.version, v.rule.carrier])).toEqual([
      [1, 'UPS'],
      [2, 'FedEx'],
    ]);
    expect(res.json.versions[0].created_at).toMatch(/^\d{4}-\d\d-\d\dT/);

    const missing = await call('GET', '/api/rules/nope/versions');
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('rule_not_found');
  });

  it('a database failure is a logged 500 internal_error, still with nosniff', async () => {
    await h.db.run(sql`drop table rule_versions`);
    const res = await call('GET', '/api/rules');
    expect(res.status).toBe(500);
    expect(res.json.error.code).toBe('internal_error');
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(h.logs.some((line) => line.includes('request failed'))).toBe(true);
  });

  describe('session token authentication', () => {
    const refusals: [string, () => Promise<string | null>, string?][] = [
      ['no token', async () => null, 'missing'],
      ['an expired token', () => sessionToken({ exp: -60 }), 'expired'],
      ['a token for another app (aud)', () => sessionToken({ aud: 'someone-elses-app' }), 'audience'],
      ['a token signed with another secret', () => sessionToken({ secret: 'not-the-app-secret' }), 'signature'],
      ['a token not valid yet (nbf)', () => sessionToken({ nbf: 600 })],
      [
        'a token whose dest is not a shop',
        () => sessionToken({ dest: 'https://evil.example.com', iss: 'https://evil.example.com/admin' }),
        'destination',
      ],
      ['a token whose iss and dest differ', () => sessionToken({ iss: `https://${OTHER}/admin` }), 'destination'],
      [
        'an unsigned token (alg none)',
        async () =>
          `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ dest: `https://${SHOP}`, aud: API_KEY, exp: Math.floor(Date.now() / 1000) + 60 })}.`,
      ],
      ['garbage', async () => 'not.a.jwt'],
    ];

    for (const [what, token, reason] of refusals) {
      it(`refuses ${what} with 401 invalid_session_token on every route`, async () => {
        const value = await token();
        for (const [method, path, body] of [
          ['GET', '/api/rules'],
          ['PUT', '/api/rules', designDocument()],
          ['POST', '/api/rules/validate', designDocument()],
          ['GET', '/api/rules/x/versions'],
        ] as const) {
          const res = await call(method, path, { token: value, ...(body ? { body } : {}) });
          expect(res.status, `${method} ${path}`).toBe(401);
          expect(res.json.error.code).toBe('invalid_session_token');
          if (reason) expect(res.json.error.reason).toBe(reason);
          expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
          // The token is never echoed back.
          if (value) expect(JSON.stringify(res.json)).not.toContain(value);
        }
        expect(await h.db.select().from(versionsTable)).toHaveLength(0);
        if (value) expect(h.logs.join('\n')).not.toContain(value);
      });
    }

    it('refuses a malformed Authorization header', async () => {
      const token = await sessionToken();
      for (const header of [`Basic ${token}`, token, 'Bearer', `Bearer ${token} extra`]) {
        const res = await call('GET', '/api/rules', { token: null, headers: { Authorization: header } });
        expect(res.status, header).toBe(401);
        expect(res.json.error.code).toBe('invalid_session_token');
      }
    });

    it('answers 404 shop_not_installed for a valid token of a shop that uninstalled or never installed (and Shopify refuses a token exchange)', async () => {
      const exchanges = stubTokenEndpoint(() => ({ status: 400, body: { error: 'invalid_subject_token' } }));
      for (const shop of [GONE, 'never.myshopify.com']) {
        const res = await call('GET', '/api/rules', { token: await sessionToken({ shop }) });
        expect(res.status).toBe(404);
        expect(res.json.error.code).toBe('shop_not_installed');
      }
      expect(exchanges).toHaveLength(2);
    });

    it('cannot check tokens without SHOPIFY_API_KEY: 401 saying so', async () => {
      const keyless = await createHarness();
      try {
        const res = await keyless.app.request('http://localhost/api/rules', {
          headers: { Authorization: `Bearer ${await sessionToken()}` },
        });
        expect(res.status).toBe(401);
        expect(await res.json()).toMatchObject({
          error: { code: 'invalid_session_token', reason: 'not_configured', message: expect.stringContaining('SHOPIFY_API_KEY') },
        });
      } finally {
        await keyless.close();
      }
    });
  });

  it("keeps shops apart: one shop's token never reads or changes another's rules, whatever the request says", async () => {
    const a = await sessionToken({ shop: SHOP });
    const b = await sessionToken({ shop: OTHER });
    await call('PUT', '/api/rules', {
      token: b,
      body: { rules: [trackingRule('b-only', 'FedEx'), trackingRule('shared', 'DHL Express')] },
    });

    // A's token, with B named in the query, a header and the body: it still acts on A only.
    const put = await call('PUT', `/api/rules?shop=${OTHER}`, {
      token: a,
      headers: { 'X-Shopify-Shop-Domain': OTHER },
      body: { shop: OTHER, rules: [trackingRule('shared', 'UPS')] },
    });
    // `shop` is not a document key: refused, and B is untouched.
    expect(put.status).toBe(422);
    const putA = await call('PUT', `/api/rules?shop=${OTHER}`, {
      token: a,
      headers: { 'X-Shopify-Shop-Domain': OTHER },
      body: { rules: [trackingRule('shared', 'UPS')] },
    });
    expect(putA.status).toBe(200);
    expect(putA.json.summary.added).toEqual([{ name: 'shared', version: 1 }]);
    expect(putA.json.summary.retired).toEqual([]);

    const getA = await call('GET', `/api/rules?shop=${OTHER}`, { token: a });
    expect(getA.json.document.rules.map((r: { name: string }) => r.name)).toEqual(['shared']);
    expect((await call('GET', '/api/rules/b-only/versions', { token: a })).status).toBe(404);

    const getB = await call('GET', '/api/rules', { token: b });
    expect(getB.json.versions).toEqual({ 'b-only': 1, shared: 1 });
    expect(getB.json.document.rules.find((r: { name: string }) => r.name === 'shared')).toMatchObject({ carrier: 'DHL Express' });

    // A replacing its whole set with nothing retires only A's rules.
    await call('PUT', '/api/rules', { token: a, body: { rules: [] } });
    expect((await call('GET', '/api/rules', { token: b })).json.versions).toEqual({ 'b-only': 1, shared: 1 });
  });
});

describe('admin JSON API in sandbox mode', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness({ sandboxShop: SHOP });
  });
  afterEach(async () => {
    await h.close();
  });

  it('lets a local request without a token act as the sandbox shop', async () => {
    for (const host of ['localhost:8080', '127.0.0.1:8080', '[::1]:8080']) {
      const res = await h.app.request(`http://${host}/api/rules`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ rules: [trackingRule('ups')] }),
      });
      expect(res.status, host).toBe(200);
    }
    const get = await h.app.request('http://localhost:8080/api/rules', { headers: { Origin: 'http://localhost:8080' } });
    expect(get.status).toBe(200);
    expect(await get.json()).toMatchObject({ versions: { ups: 1 } });
  });

  it('refuses tokenless requests that are not local: another Host (DNS rebinding), a foreign Origin, a remote peer', async () => {
    const notLocal: [string, RequestInit, unknown?][] = [
      ['http://flowfill.example.com/api/rules', {}],
      ['http://localhost:8080/api/rules', { headers: { Origin: 'https://evil.example.com' } }],
      ['http://localhost:8080/api/rules', { headers: { Origin: 'null' } }],
      ['http://localhost:8080/api/rules', {}, { incoming: { socket: { remoteAddress: '203.0.113.7' } } }],
    ];
    for (const [url, init, env] of notLocal) {
      const res = await h.app.request(url, init, env);
      expect(res.status, `${url} ${JSON.stringify(init)}`).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'invalid_session_token' } });
    }
    // The Node server's loopback peer is local.
    const local = await h.app.request(
      'http://localhost:8080/api/rules',
      {},
      { incoming: { socket: { remoteAddress: '::ffff:127.0.0.1' } } },
    );
    expect(local.status).toBe(200);
  });

  it('is off outside sandbox mode: no token, no access, even from localhost', async () => {
    const production = await createHarness({ apiKey: API_KEY });
    try {
      const res = await production.app.request('http://localhost:8080/api/rules');
      expect(res.status).toBe(401);
    } finally {
      await production.close();
    }
  });
});

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
