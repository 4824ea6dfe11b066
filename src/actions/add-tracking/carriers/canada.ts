// Canadian couriers: Canada Post's 16-digit PINs (its S10 numbers are in s10.ts),
// Purolator and Canpar.
import { gs1Mod10, luhn } from './check-digits';
import { defineFormat, shopify } from './define';

const PUROLATOR_REGION = 'ships only from Canada, or from the US to Canada';

export const CANADA_FORMATS = [
  // 7-digit header + 8-digit sequence + mod-10 check digit. No other carrier flowfill
  // knows ships 16 plain digits from Canada; elsewhere 16 digits are common.
  defineFormat({
    id: 'canada-post-16',
    courier: 'canada-post',
    label: 'Canada Post',
    pattern: /^\d{16}$/,
    check: { name: 'mod-10 check digit', valid: gs1Mod10 },
    describe: '16-digit Canada Post PIN',
    issuers: [shopify('Canada Post', { origins: ['CA'], region: 'ships only from Canada' })],
    namedFrom: ['CA'],
  }),
  // 12 digits, Luhn check digit, first digit 0–5 (published rule; FedEx's 12-digit
  // numbers pass Luhn one time in ten, so a collision is left to the origin).
  defineFormat({
    id: 'purolator-12',
    courier: 'purolator',
    label: 'Purolator',
    pattern: /^[0-5]\d{11}$/,
    check: { name: 'Luhn check digit', valid: luhn },
    describe: '12-digit Purolator PIN',
    issuers: [
      shopify('Purolator', { origins: ['CA'], region: PUROLATOR_REGION }),
      shopify('Purolator', { origins: ['US'], destinations: ['CA'], region: PUROLATOR_REGION }),
    ],
    namedFrom: ['CA', 'US'],
  }),
  defineFormat({
    id: 'purolator-alpha',
    courier: 'purolator',
    label: 'Purolator',
    pattern: /^[A-Z]{3}\d{9}$/,
    describe: 'three letters + nine digits (a Purolator shape)',
    issuers: [shopify('Purolator', { origins: ['CA'], region: 'ships only from Canada' })],
    shadow: 'this Purolator shape has no check digit',
  }),
  // Service letter + 21 digits; the last three are the piece number, not a check digit.
  // Letter + 21 digits is no other listed carrier's shape, but without a check digit
  // flowfill names it only for parcels shipped from Canada.
  defineFormat({
    id: 'canpar-22',
    courier: 'canpar',
    label: 'Canpar',
    pattern: /^[CDKLSUXZ]\d{21}$/,
    describe: 'Canpar barcode (service letter + 21 digits, no check digit)',
    issuers: [shopify('Canpar', { origins: ['CA'], region: 'ships only from Canada' })],
    namedFrom: ['CA'],
  }),
];
