// DPD group: 14-digit parcel numbers with an ISO 7064 MOD 37,36 check character, and the
// 28-character label barcode (postcode, parcel number, service, country, check).
import { iso7064Mod3736 } from './check-digits';
import { defineFormat, shopify } from './define';
import { DPD_COUNTRIES } from './regions';
import type { Issuer } from './types';

// The number is DPD group's; which of Shopify's four DPD names it is depends on where
// the parcel ships from, so the origin must be known.
const DPD_ISSUERS: readonly Issuer[] = [
  // Both UK names carry the same numbers, so from the UK the number cannot say which.
  shopify('DPD UK', { origins: ['GB'], region: 'ships from the UK', unnamed: 'DPD UK and DPD Local share these numbers' }),
  shopify('DPD Local', { origins: ['GB'], region: 'ships from the UK', unnamed: 'DPD UK and DPD Local share these numbers' }),
  shopify('DPD Ireland', { origins: ['IE'], region: 'ships from Ireland' }),
  shopify('DPD', { origins: DPD_COUNTRIES, region: 'is the name for DPD parcels from continental Europe' }),
];

const DPD_ORIGINS = ['GB', 'IE', ...DPD_COUNTRIES];

export const DPD_FORMATS = [
  defineFormat({
    id: 'dpd-parcel',
    courier: 'dpd',
    label: 'DPD',
    pattern: /^\d{14}[0-9A-Z]$/,
    check: { name: 'ISO 7064 MOD 37,36 check character', valid: (n) => iso7064Mod3736(n.slice(0, 14), n.charAt(14)) },
    describe: 'DPD parcel number (14 digits + check character)',
    issuers: DPD_ISSUERS,
    namedFrom: DPD_ORIGINS,
    namedFromText: "DPD's European countries",
  }),
  defineFormat({
    id: 'dpd-barcode',
    courier: 'dpd',
    label: 'DPD',
    pattern: /^\d{27}[0-9A-Z]$/,
    check: { name: 'ISO 7064 MOD 37,36 check character', valid: (n) => iso7064Mod3736(n.slice(0, 27), n.charAt(27)) },
    describe: '28-character DPD parcel barcode',
    issuers: DPD_ISSUERS,
    namedFrom: DPD_ORIGINS,
    namedFromText: "DPD's European countries",
  }),
];
