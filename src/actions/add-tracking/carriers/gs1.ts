// GS1 serial shipping container codes: 18 digits (or 00 + 18) with a mod-10 check digit.
// Any GS1 member prints them (FedEx Ground, DHL Parcel, PostNL …), so they never name a
// carrier; known so that a 20-digit SSCC is not taken for a USPS number.
import { gs1Mod10 } from './check-digits';
import { defineFormat, shopify } from './define';

export const GS1_FORMATS = [
  defineFormat({
    id: 'gs1-sscc',
    courier: 'gs1',
    label: 'GS1 SSCC',
    pattern: /^(?:00)?\d{18}$/,
    check: { name: 'mod-10 check digit', valid: gs1Mod10 },
    describe: 'GS1 serial shipping container code (SSCC)',
    // FedEx Ground prints SSCCs as tracking numbers (so it is the candidate shown), but so do others.
    issuers: [shopify('FedEx')],
    shadow: 'SSCCs are printed by many carriers (FedEx Ground, DHL Parcel, PostNL …), so the number does not say whose it is',
  }),
];
