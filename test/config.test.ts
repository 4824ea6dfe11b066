/** The environment: the Admin API timeout and its default derived from the run lease. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';

describe('configuration: SHOPIFY_ADMIN_API_TIMEOUT_MS', () => {
  it('defaults to min(10 s, RUN_LEASE_MS / 3)', () => {
    expect(loadConfig({}).adminTimeoutMs).toBe(10_000);
    expect(loadConfig({ RUN_LEASE_MS: '12000' }).adminTimeoutMs).toBe(4000);
    expect(loadConfig({ SHOPIFY_ADMIN_API_TIMEOUT_MS: '' }).adminTimeoutMs).toBe(10_000);
  });

  it('takes a value shorter than the lease, and refuses one that is not', () => {
    expect(loadConfig({ SHOPIFY_ADMIN_API_TIMEOUT_MS: '2500' }).adminTimeoutMs).toBe(2500);
    expect(() => loadConfig({ SHOPIFY_ADMIN_API_TIMEOUT_MS: '30000' })).toThrow(
      /SHOPIFY_ADMIN_API_TIMEOUT_MS: must be shorter than RUN_LEASE_MS/,
    );
    expect(() => loadConfig({ SHOPIFY_ADMIN_API_TIMEOUT_MS: 'soon' })).toThrow(/SHOPIFY_ADMIN_API_TIMEOUT_MS/);
  });
});
