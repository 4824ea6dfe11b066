// UK couriers: Yodel's licence plates and Parcelforce's 12-digit export numbers.
import { defineFormat, shopify } from './define';

export const UK_FORMATS = [
  // Yodel's domestic numbers are JD or JJD + 16 digits with Yodel's issuer code 0002
  // (every published example), no check digit. DHL also prints JJD… licence plates
  // (dhl.ts), so only the JD… form can name Yodel, and only for parcels from the UK
  // (JD alone is also JD Logistics' prefix in China).
  defineFormat({
    id: 'yodel',
    courier: 'yodel',
    label: 'Yodel',
    pattern: /^J?JD0002\d{12}$/,
    describe: (n) => `${n.startsWith('JJD') ? 'JJD' : 'JD'}0002… Yodel number (no check digit)`,
    issuers: [shopify('Yodel', { origins: ['GB'], region: 'ships only from the UK' })],
    namedFrom: ['GB'],
  }),
  // Parcelforce's own list of formats: exports carry an S10 number or 12 digits.
  defineFormat({
    id: 'parcelforce-12',
    courier: 'parcelforce',
    label: 'Parcelforce',
    pattern: /^\d{12}$/,
    describe: '12-digit Parcelforce export number',
    issuers: [shopify('Parcelforce', { origins: ['GB'], region: 'ships only from the UK' })],
    shadow: "Parcelforce's 12-digit numbers have no check digit",
  }),
];
