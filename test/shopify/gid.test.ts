import { describe, expect, it } from 'vitest';
import { legacyId, parseGid } from '../../src/shopify/gid';

describe('parseGid', () => {
  it('accepts a GID, a number or a numeric string', () => {
    expect(parseGid('Order', 'gid://shopify/Order/123')).toBe('gid://shopify/Order/123');
    expect(parseGid('Order', 123)).toBe('gid://shopify/Order/123');
    expect(parseGid('Order', ' 00123 ')).toBe('gid://shopify/Order/123');
    expect(legacyId('gid://shopify/Order/123')).toBe('123');
  });
  it('refuses anything else', () => {
    for (const bad of [
      'gid://shopify/Product/1',
      '#1001',
      '1.5',
      1.5,
      -3,
      0,
      '0',
      '',
      'gid://shopify/Order/abc',
      null,
      {},
      [],
      '1'.repeat(30),
    ]) {
      expect(parseGid('Order', bad), JSON.stringify(bad)).toBeNull();
    }
  });
});
