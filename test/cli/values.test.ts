import { describe, expect, it } from 'vitest';
import { RUN_STATUSES } from '../../src/db/schema';
import { ArgumentError } from '../../src/cli/command';
import {
  parseBaseUrl,
  parseHandle,
  parseLimit,
  parseOrderReference,
  parseProps,
  parseRunId,
  parseScopes,
  parseShopDomain,
  parseStatuses,
} from '../../src/cli/values';

describe('CLI argument values', () => {
  it('accepts myshopify.com domains, lower-cased, forgiving a pasted URL', () => {
    expect(parseShopDomain('Example-Shop.myshopify.com')).toBe('example-shop.myshopify.com');
    expect(parseShopDomain('https://example.myshopify.com/')).toBe('example.myshopify.com');
    for (const bad of ['example.com', 'example', 'shop.myshopify.com.evil.com', '-x.myshopify.com', '']) {
      expect(() => parseShopDomain(bad), bad).toThrow(ArgumentError);
    }
    expect(() => parseShopDomain('example.com')).toThrow(/like example\.myshopify\.com/);
  });

  it('keeps the order reference as given: a GID stays text, a bare id becomes a number', () => {
    expect(parseOrderReference('gid://shopify/Order/5001')).toBe('gid://shopify/Order/5001');
    expect(parseOrderReference('5001')).toBe(5001);
    expect(parseOrderReference('99999999999999999999')).toBe('99999999999999999999');
    for (const bad of ['#1001', 'gid://shopify/Product/1', '1.5', '0', 'abc']) {
      expect(() => parseOrderReference(bad), bad).toThrow(/not an order id/);
    }
  });

  it('parses --prop key=value into string properties, keeping "=" in values and refusing order_id', () => {
    expect(parseProps(['tracking_number=1Z999AA10123456784', 'notify_customer=true', 'tracking_url=https://x.test/?a=b', 'rule='])).toEqual(
      {
        tracking_number: '1Z999AA10123456784',
        notify_customer: 'true',
        tracking_url: 'https://x.test/?a=b',
        rule: '',
      },
    );
    expect(() => parseProps(['novalue'])).toThrow(/key=value/);
    expect(() => parseProps(['=x'])).toThrow(/key=value/);
    expect(() => parseProps(['a=1', 'a=2'])).toThrow(/twice/);
    expect(() => parseProps(['order_id=1'], { order_id: '--order' })).toThrow(/use --order/);
  });

  it('parses scopes, limits, statuses, run ids, handles and base URLs', () => {
    expect(parseScopes(' read_orders, write_orders,read_orders ')).toEqual(['read_orders', 'write_orders']);
    expect(() => parseScopes(',')).toThrow(/at least one scope/);
    expect(() => parseScopes('read orders')).toThrow(/not an access scope/);
    expect(parseLimit('5', 100)).toBe(5);
    for (const bad of ['0', '101', '-1', '2.5', 'x']) expect(() => parseLimit(bad, 100), bad).toThrow(/--limit/);
    expect(parseStatuses('failed, Pending', RUN_STATUSES)).toEqual(['failed', 'pending']);
    expect(() => parseStatuses('done', RUN_STATUSES)).toThrow(/not a run status: use running, succeeded/);
    expect(parseRunId('abc')).toBe('abc');
    expect(() => parseRunId('x'.repeat(256))).toThrow(/255/);
    expect(parseHandle('add-tracking')).toBe('add-tracking');
    expect(() => parseHandle('Add Tracking')).toThrow(/not an action handle/);
    expect(parseBaseUrl('http://127.0.0.1:8080/')).toBe('http://127.0.0.1:8080');
    expect(parseBaseUrl('https://tunnel.example/app/')).toBe('https://tunnel.example/app');
    expect(() => parseBaseUrl('localhost:8080')).toThrow(/http/);
    expect(() => parseBaseUrl('http://x.test/?a=1')).toThrow(/query/);
  });
});
