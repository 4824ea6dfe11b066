// Country sets that say where a carrier's numbers come from (ISO 3166-1 alpha-2).

/** Countries where DPD group parcels travel under the plain DPD brand (Shopify's "DPD"). */
// Left out on purpose: GB (DPD UK / DPD Local), IE (DPD Ireland), ES (SEUR) and IT (BRT),
// where DPD group parcels carry another Shopify company's name.
export const DPD_COUNTRIES: readonly string[] = [
  'AT',
  'BE',
  'CH',
  'CZ',
  'DE',
  'EE',
  'FR',
  'HR',
  'HU',
  'LT',
  'LU',
  'LV',
  'NL',
  'PL',
  'PT',
  'RO',
  'SI',
  'SK',
];

/** Parses a context country: two letters, upper-cased; anything else is "unknown". */
export function countryCode(input: string | null | undefined): string | null {
  const code = (input ?? '').trim().toUpperCase();
  return /^[A-Z]{2}$/.test(code) ? code : null;
}
