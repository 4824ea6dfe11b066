// DHL: Express waybills and licence plates (known, never named from the number alone)
// and DHL eCommerce Americas' GM… numbers.
import { mod7 } from './check-digits';
import { defineFormat, shopify } from './define';

export const DHL_FORMATS = [
  // DHL's own ID guide: Express waybills are 10 digits; DHL Freight also uses 9-, 10- and
  // 14-digit numeric IDs, and Old Dominion PRO numbers are 11 digits. A mod-7 check passes
  // one random number in seven, so the check digit cannot tell them apart.
  defineFormat({
    id: 'dhl-express-waybill',
    courier: 'dhl',
    label: 'DHL Express',
    pattern: /^\d{10,11}$/,
    check: { name: 'mod-7 check digit', valid: mod7 },
    describe: (n) => `${n.length}-digit DHL Express waybill number`,
    issuers: [shopify('DHL Express')],
    shadow:
      "10 and 11 plain digits pass DHL's mod-7 check one time in seven by chance and are also other carriers' numbers (DHL Freight IDs, Old Dominion PRO numbers)",
  }),
  // ISO 15459 licence plates with no check digit, printed by DHL Express ("JJD00…",
  // "JJD01…"), DHL Parcel ("JJD…") and Yodel ("JJD0002…").
  defineFormat({
    id: 'dhl-licence-plate',
    courier: 'dhl',
    label: 'DHL licence plate',
    pattern: /^JJD\d{9,21}$/,
    describe: 'JJD… licence plate',
    issuers: [shopify('DHL Express'), shopify('DHL Parcel')],
    shadow: 'JJD… licence plates have no check digit and are printed by DHL Express, DHL Parcel and Yodel',
  }),
  // GM is DHL eCommerce Americas' (formerly DHL Global Mail) prefix; no check digit.
  defineFormat({
    id: 'dhl-ecommerce-gm',
    courier: 'dhl-ecommerce',
    label: 'DHL eCommerce',
    pattern: /^GM\d{10,22}$/,
    describe: 'GM… DHL eCommerce number',
    issuers: [
      shopify('DHL eCommerce', { origins: ['US', 'CA'], region: 'GM… numbers are DHL eCommerce Americas’, shipped from the US or Canada' }),
    ],
  }),
];
