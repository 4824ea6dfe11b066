// US regional carriers: OnTrac, LaserShip (now part of OnTrac) and Old Dominion.
import { luhn, upsMod10 } from './check-digits';
import { defineFormat, shopify } from './define';

export const US_REGIONAL_FORMATS = [
  // C or D + 14 digits; the check digit is UPS's mod 10 over 4/5 + the 13 serial digits.
  defineFormat({
    id: 'ontrac',
    courier: 'ontrac',
    label: 'OnTrac',
    pattern: /^[CD]\d{14}$/,
    check: {
      name: 'mod-10 check digit',
      valid: (n) => upsMod10(`${n.startsWith('C') ? '4' : '5'}${n.slice(1, 14)}`, n.charAt(14)),
    },
    describe: (n) => `${n.charAt(0)}… OnTrac number`,
    issuers: [shopify('OnTrac', { origins: ['US'], region: 'ships only within the US' })],
  }),
  // 1LS7 + 11 digits, or 1LS7 + 13 digits with the piece suffix ("-1"); no check digit,
  // but "1LS" is LaserShip's own prefix.
  defineFormat({
    id: 'lasership-1ls',
    courier: 'lasership',
    label: 'LaserShip',
    pattern: /^1LS7(?:[12]\d{10}|[12]\d{2}01[1-4]\d{7})$/,
    describe: '1LS… LaserShip number (no check digit)',
    issuers: [shopify('Lasership', { origins: ['US'], region: 'ships only within the US' })],
  }),
  // LaserShip's older LX + 8 digits has no check digit, and LX also starts DHL eCommerce
  // numbers and UPU S10 numbers.
  defineFormat({
    id: 'lasership-lx',
    courier: 'lasership',
    label: 'LaserShip',
    pattern: /^LX\d{8}$/,
    describe: 'LX + 8 digits (an old LaserShip shape)',
    issuers: [shopify('Lasership', { origins: ['US'], region: 'ships only within the US' })],
    shadow: 'LX… numbers have no check digit and LX also starts DHL eCommerce numbers',
  }),
  // PRO numbers: 077/072/777/778 + 7 digits or 80 + 8 digits, Luhn. Known so that an
  // Old Dominion number is never taken for DHL Express's 11-digit waybill.
  defineFormat({
    id: 'old-dominion',
    courier: 'old-dominion',
    label: 'Old Dominion',
    pattern: /^(?:(?:77[78]|072)\d{8}|80\d{9})$/,
    check: { name: 'Luhn check digit', valid: luhn },
    describe: '11-digit Old Dominion PRO number',
    issuers: [shopify('Old Dominion', { origins: ['US', 'CA', 'MX'], region: 'ships only within North America' })],
    shadow: '11 plain digits with a Luhn check digit are not distinctive enough to name a freight carrier',
  }),
];
