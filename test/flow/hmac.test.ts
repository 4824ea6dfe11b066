import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signHmac, verifyHmac } from '../../src/flow/hmac';

const body = new TextEncoder().encode('{"a":1}');
const expected = createHmac('sha256', 'secret').update(body).digest('base64');

describe('Flow HMAC', () => {
  it('signs like Shopify (base64 HMAC-SHA256 of the raw body)', async () => {
    expect(await signHmac(body, 'secret')).toBe(expected);
  });
  it('verifies the right signature and refuses wrong, missing, malformed or truncated ones', async () => {
    expect(await verifyHmac(body, expected, 'secret')).toBe(true);
    expect(await verifyHmac(body, expected, 'other')).toBe(false);
    expect(await verifyHmac(new TextEncoder().encode('{"a":2}'), expected, 'secret')).toBe(false);
    for (const bad of [undefined, null, '', 'not base64!', expected.slice(0, 20), `${expected}AAAA`]) {
      expect(await verifyHmac(body, bad, 'secret')).toBe(false);
    }
  });
});

describe('Flow HMAC encoding', () => {
  it('accepts only the canonical padded base64 of the signature', async () => {
    expect(expected.endsWith('=')).toBe(true);
    expect(await verifyHmac(body, expected.replace(/=+$/, ''), 'secret')).toBe(false);
    // Same bytes, different trailing bits in the last character before the padding.
    const last = expected.at(-2)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const sibling = alphabet[alphabet.indexOf(last) ^ 1]!;
    expect(await verifyHmac(body, `${expected.slice(0, -2)}${sibling}=`, 'secret')).toBe(false);
  });
});
