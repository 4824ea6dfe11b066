import { describe, expect, it } from 'vitest';
import { adminPage } from '../../../src/admin/page/routes';

describe('GET /app', () => {
  it('loads nothing external in sandbox mode and embeds the editor hints', async () => {
    const res = await adminPage({ secrets: { apiSecret: 's' }, sandboxShop: 'sandbox.myshopify.com' }).request('/app');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toContain('cdn.shopify.com');
    expect(html).not.toContain('shopify-api-key');
    expect(html).toMatch(/<script type="module" src="\/assets\/admin\.js\?v=/);
    const hints = JSON.parse(/<script type="application\/json" id="flowfill-hints">(.*?)<\/script>/s.exec(html)![1]!);
    expect(hints.variables.map((v: { path: string }) => v.path)).toContain('location.distance_km');
  });

  it('loads App Bridge with the API key when one is configured', async () => {
    const html = await (await adminPage({ secrets: { apiSecret: 's', apiKey: 'key123' } }).request('/app')).text();
    expect(html).toContain('<meta name="shopify-api-key" content="key123"');
    expect(html).toContain('<script src="https://cdn.shopify.com/shopifycloud/app-bridge.js"></script>');
  });
});
