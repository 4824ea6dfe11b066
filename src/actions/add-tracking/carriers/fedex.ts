// FedEx: 12-digit Express and 15-digit Ground tracking numbers (short, plain digits) and
// the long barcodes that embed them (96… Ground, 10… Express). FedEx SmartPost / Ground
// Economy numbers are USPS IMpb barcodes and live in usps.ts.
import { fedexMod11, gs1Mod10 } from './check-digits';
import { defineFormat, shopify } from './define';

const FEDEX = shopify('FedEx');

export const FEDEX_FORMATS = [
  // 12 plain digits pass the mod-11 check one time in ten by chance; Purolator (Canada)
  // and Parcelforce (UK) also use 12 digits. Named only from the US and Canada, where
  // the one other listed carrier with 12 digits (Purolator) has its own check digit.
  defineFormat({
    id: 'fedex-express-12',
    courier: 'fedex',
    label: 'FedEx Express',
    pattern: /^\d{12}$/,
    check: { name: 'mod-11 check digit', valid: fedexMod11 },
    describe: '12-digit FedEx Express number',
    issuers: [FEDEX],
    namedFrom: ['US', 'CA'],
  }),
  defineFormat({
    id: 'fedex-ground-15',
    courier: 'fedex',
    label: 'FedEx Ground',
    pattern: /^\d{15}$/,
    check: { name: 'mod-10 check digit', valid: gs1Mod10 },
    describe: '15-digit FedEx Ground number',
    issuers: [shopify('FedEx', { origins: ['US', 'CA'], region: 'FedEx Ground ships only from the US and Canada' })],
    namedFrom: ['US', 'CA'],
  }),
  // 96 + 2-digit SCNC + 3-digit service + the 15-digit Ground number; its check digit.
  defineFormat({
    id: 'fedex-ground-96',
    courier: 'fedex',
    label: 'FedEx Ground barcode',
    pattern: /^96\d{20}$/,
    check: { name: 'mod-10 check digit', valid: (n) => gs1Mod10(n.slice(7)) },
    describe: '22-digit FedEx Ground barcode (96…)',
    issuers: [FEDEX],
  }),
  defineFormat({
    id: 'fedex-ground-gsn',
    courier: 'fedex',
    label: 'FedEx Ground barcode',
    pattern: /^96\d{32}$/,
    check: { name: 'mod-11 check digit', valid: (n) => fedexMod11(n.slice(-14)) },
    describe: '34-digit FedEx Ground barcode (96…)',
    issuers: [FEDEX],
  }),
  defineFormat({
    id: 'fedex-express-34',
    courier: 'fedex',
    label: 'FedEx Express barcode',
    pattern: /^10\d{32}$/,
    check: { name: 'mod-11 check digit', valid: (n) => fedexMod11(n.slice(-14)) },
    describe: '34-digit FedEx Express barcode (10…)',
    issuers: [FEDEX],
  }),
];
