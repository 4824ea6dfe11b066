// UPS: 1Z + 6-character shipper number + 2-character service + 7-character package
// number + check digit, UPS's mod 10 over the 15 characters after 1Z (letters A=2 …).
import { upsMod10 } from './check-digits';
import { defineFormat, shopify } from './define';

export const UPS_FORMATS = [
  defineFormat({
    id: 'ups-1z',
    courier: 'ups',
    label: 'UPS',
    pattern: /^1Z[0-9A-Z]{15}\d$/,
    check: { name: 'mod-10 check digit', valid: (n) => upsMod10(n.slice(2, 17), n.charAt(17)) },
    describe: '1Z… UPS number',
    issuers: [shopify('UPS')],
  }),
  // Published test data calls a letter (A H J K T V) + 10 digits a "UPS waybill" with the
  // same check digit, but no UPS source describes it and one letter + 10 digits is a
  // common shape (Amazon's international numbers are [AFC] + 10 digits): known, never named.
  defineFormat({
    id: 'ups-waybill',
    courier: 'ups',
    label: 'UPS waybill',
    pattern: /^[AHJKTV]\d{10}$/,
    check: { name: 'mod-10 check digit', valid: (n) => upsMod10(n.slice(1, 10), n.charAt(10)) },
    describe: 'letter + 10 digits (a shape published as a UPS waybill number)',
    issuers: [shopify('UPS')],
    shadow: 'no UPS source confirms this shape and other carriers use one letter and ten digits too',
  }),
];
