/** Flow request signatures: base64(HMAC-SHA256(app secret, raw body)), checked in constant time. */

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    keys.set(secret, key);
  }
  return key;
}

/**
 * True when `signature` is the HMAC of `rawBody`. WebCrypto's verify compares in constant
 * time (Node and workerd both), unlike comparing two strings with `===`.
 */
export async function verifyHmac(rawBody: Uint8Array<ArrayBuffer>, signature: string | null | undefined, secret: string): Promise<boolean> {
  if (!signature || !secret) return false;
  const mac = decodeBase64(signature.trim());
  if (!mac || mac.length !== 32) return false;
  return crypto.subtle.verify('HMAC', await hmacKey(secret), mac, rawBody);
}

/** The signature Flow would send for `body`. */
export async function signHmac(body: string | Uint8Array<ArrayBuffer>, secret: string): Promise<string> {
  const bytes = typeof body === 'string' ? encoder.encode(body) : body;
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey(secret), bytes));
  let binary = '';
  for (const byte of mac) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function decodeBase64(value: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return null;
  try {
    const binary = atob(value);
    // Only the canonical, padded encoding Shopify sends: atob also accepts unpadded text and
    // stray low bits, which would let many header strings stand for one signature.
    if (btoa(binary) !== value) return null;
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}
