/** The run pipeline's first steps, shared by the Flow routes, the sweep and the dry run. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { markUninstalled } from '../../src/db/shops';
import { adminErrorAnswer, flowErrorAnswer } from '../../src/pipeline/error-answers';
import { prepareRun } from '../../src/pipeline/prepare';
import { AccessDeniedError, RejectedError, ThrottledError, UnavailableError } from '../../src/shopify/errors';
import { silentLogger } from '../../src/log';
import { createHarness, SHOP, type Harness } from '../helpers/harness';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

describe('prepareRun', () => {
  it('gives the action, the parsed properties and the shop token', async () => {
    const prepared = await prepareRun(h.db, {
      shop: SHOP,
      handle: 'add-tracking',
      properties: { order_id: 1001, tracking_number: '1Z999AA10123456784' },
    });
    expect(prepared.ok).toBe(true);
    if (!prepared.ok) return;
    expect(prepared.action.handle).toBe('add-tracking');
    expect(prepared.properties.order_id).toBe('gid://shopify/Order/1001');
    expect(prepared.accessToken).toBeTruthy();
  });

  it('refuses in order: action, shop, handle, properties', async () => {
    const unknown = await prepareRun(h.db, { shop: 'nobody.myshopify.com', handle: 'ship-it', properties: {} });
    expect(unknown).toMatchObject({ ok: false, accessToken: null, refusal: { step: 'action', status: 404, code: 'unknown_action' } });

    const props = { order_id: 1001, tracking_number: 'X' };
    const noShop = await prepareRun(h.db, {
      shop: 'nobody.myshopify.com',
      handle: 'add-tracking',
      properties: { tracking_url: 'ftp://x' },
    });
    expect(noShop).toMatchObject({ ok: false, refusal: { step: 'shop', status: 404, code: 'shop_not_installed' } });

    const mismatch = await prepareRun(h.db, {
      shop: SHOP,
      handle: 'add-tracking',
      properties: {},
      sentHandle: 'fulfill-from-best-location',
    });
    expect(mismatch).toMatchObject({ ok: false, refusal: { step: 'handle', status: 400, code: 'handle_mismatch' } });

    const bad = await prepareRun(h.db, { shop: SHOP, handle: 'add-tracking', properties: { ...props, tracking_url: 'ftp://x' } });
    expect(bad).toMatchObject({ ok: false, refusal: { step: 'properties', status: 400, code: 'invalid_properties' } });
    // The shop passed its check: its token comes with the refusal (the sweep still fires a trigger).
    expect(bad.accessToken).toBeTruthy();
  });

  it('refuses a shop that uninstalled the app', async () => {
    await markUninstalled(h.db, SHOP, Date.now());
    const prepared = await prepareRun(h.db, { shop: SHOP, handle: 'add-tracking', properties: { order_id: 1001, tracking_number: 'X' } });
    expect(prepared).toMatchObject({ ok: false, accessToken: null, refusal: { code: 'shop_not_installed' } });
  });
});

describe('error answers', () => {
  it('map the Admin client’s transport errors to Flow’s and the admin API’s answers', () => {
    const throttled = new ThrottledError('slow down', 1200);
    expect(flowErrorAnswer(throttled, false, silentLogger)).toMatchObject({
      status: 'pending',
      response: { status: 202 },
      code: 'throttled',
    });
    expect(adminErrorAnswer(throttled, silentLogger)).toMatchObject({
      status: 409,
      body: { error: { code: 'pending', reason: 'throttled' } },
    });

    const down = new UnavailableError('admin_api_unavailable', 'down');
    expect(flowErrorAnswer(down, false, silentLogger).response.status).toBe(503);
    expect(flowErrorAnswer(down, true, silentLogger).response.status).toBe(202);
    expect(adminErrorAnswer(down, silentLogger).status).toBe(503);

    const denied = new AccessDeniedError('no scope', ['read_orders'], []);
    expect(flowErrorAnswer(denied, false, silentLogger)).toMatchObject({
      status: 'failed',
      response: { status: 422 },
      code: 'missing_scope',
    });
    const rejected = new RejectedError('admin_api_error', 'no', [{ message: 'no' }]);
    expect(adminErrorAnswer(rejected, silentLogger)).toMatchObject({ status: 422, body: { error: { code: 'admin_api_error' } } });

    expect(flowErrorAnswer(new Error('boom'), false, silentLogger)).toMatchObject({
      status: 'failed',
      response: { status: 500 },
      code: 'internal_error',
    });
    expect(adminErrorAnswer(new Error('boom'), silentLogger).status).toBe(500);
  });
});
