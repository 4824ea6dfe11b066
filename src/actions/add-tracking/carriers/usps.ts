// USPS: Intelligent Mail package barcodes (USPS Publication 199) and the older 20-digit
// Package Identification Codes. UPU S10 numbers ending in US are in s10.ts.
import { gs1Mod10 } from './check-digits';
import { defineFormat, shopify } from './define';
import type { Format, Issuer } from './types';

const USPS: Issuer = shopify('USPS', { origins: ['US'], region: 'ships only from the US' });

interface ImpbParse {
  /** What precedes the PIC: nothing, 420 + 5-digit ZIP, or 420 + ZIP+4. */
  readonly routing: '' | 'ZIP' | 'ZIP+4';
  /** The Package Identification Code: application identifier 91–95 … check digit. */
  readonly pic: string;
}

// Publication 199: the PIC is a 2-digit channel application identifier (91 legacy, 92/93
// commercial mailers with a 9-/6-digit Mailer ID, 94 USPS online, 95 USPS retail), a
// service type code, the Mailer ID, a serial number and a mod-10 check digit: 22 digits,
// or 26 with the longer serial. 9-digit Mailer IDs start with 9, 6-digit ones with 0–8,
// which pins the digit after "92"/"93" + the 3-digit service type code.
function picShape(pic: string): boolean {
  if ((pic.length !== 22 && pic.length !== 26) || !/^9[1-5]\d+$/.test(pic)) return false;
  if (pic.startsWith('92')) return pic.charAt(5) === '9';
  if (pic.startsWith('93')) return pic.charAt(5) !== '9';
  return true;
}

function impbParses(n: string): ImpbParse[] {
  if (!/^\d+$/.test(n)) return [];
  const parses: ImpbParse[] = [];
  if (picShape(n)) parses.push({ routing: '', pic: n });
  if (n.startsWith('420')) {
    // The routing prefix is the GS1 "ship to postal code" element: 420 + ZIP or ZIP+4.
    if (picShape(n.slice(8))) parses.push({ routing: 'ZIP', pic: n.slice(8) });
    if (picShape(n.slice(12))) parses.push({ routing: 'ZIP+4', pic: n.slice(12) });
  }
  return parses;
}

const impbValid = (n: string): boolean => impbParses(n).some((p) => gs1Mod10(p.pic));

const impb: Format = {
  id: 'usps-impb',
  courier: 'usps',
  label: 'USPS',
  matches: (n) => impbParses(n).length > 0,
  // The check digit covers the PIC only; the 420 + ZIP routing prefix is outside it.
  check: { name: 'mod-10 check digit', valid: impbValid },
  describe: (n) => {
    const parses = impbParses(n);
    const p = parses.find((x) => gs1Mod10(x.pic)) ?? parses[0];
    const routing = p?.routing ? `420 + ${p.routing}, ` : '';
    return `USPS Intelligent Mail package barcode (${routing}application identifier ${p?.pic.slice(0, 2) ?? '9x'})`;
  },
  // Named from anywhere: an IMpb is a USPS barcode whoever printed the label (FedEx Ground
  // Economy, UPS Ground Saver, DHL eCommerce and cross-border services hand these parcels
  // to USPS, which delivers and tracks them under this number).
  issuers: () => [shopify('USPS')],
  allIssuers: [shopify('USPS')],
};

export const USPS_FORMATS: readonly Format[] = [
  impb,
  // The Package Identification Code printed on USPS extra-services labels (Certified,
  // Registered, Insured …): 20 digits, mod-10, some with the check digit computed as if
  // the legacy application identifier 91 came first.
  defineFormat({
    id: 'usps-20',
    courier: 'usps',
    label: 'USPS',
    pattern: /^\d{20}$/,
    check: { name: 'mod-10 check digit', valid: (n) => gs1Mod10(n) || gs1Mod10(`91${n}`) },
    describe: '20-digit USPS number',
    issuers: [USPS],
    namedFrom: ['US'],
  }),
  // 20 digits whose check digit works only with "92" in front: the PIC of an IMpb with
  // its application identifier cut off (FedEx Ground Economy, formerly SmartPost, prints
  // it so). USPS tracks the full 22-digit number.
  defineFormat({
    id: 'usps-impb-without-ai',
    courier: 'usps',
    label: 'USPS (IMpb without its 92)',
    pattern: /^\d{20}$/,
    check: { name: 'mod-10 check digit once 92 is put back', valid: (n) => gs1Mod10(`92${n}`) },
    describe: '20-digit USPS IMpb number without its leading 92',
    issuers: [shopify('USPS')],
    shadow: 'enter the full 22-digit number starting 92, which USPS tracks',
  }),
];
