// UPU S10 numbers (e.g. RA123456785BR): 2-letter service indicator, 8-digit serial, mod-11
// check digit (weights 8 6 4 2 3 5 9 7), ISO country code of the postal operator that
// issued it. The suffix names the operator; only operators with a Shopify name are named.
import { s10Mod11 } from './check-digits';
import { shopify } from './define';
import type { Format, Issuer } from './types';

interface Operator {
  readonly country: string;
  readonly company: string;
  readonly note: string;
  /** Another Shopify company that issues this country's S10 numbers for some services. */
  readonly also?: { readonly company: string; readonly indicators: RegExp; readonly why: string };
  /** Shopify has the name, but flowfill knows no public tracking page for a number: not named. */
  readonly unnamed?: string;
}

/**
 * Countries whose UPU designated operator has a name in Shopify's list (Admin GraphQL 2026-07,
 * FulfillmentTrackingInfo.company); operators per country from the UPU member list (as
 * published in jkeen/tracking_number_data's S10 data). Any other suffix is not named.
 */
const OPERATORS: Readonly<Record<string, Operator>> = {
  AT: { country: 'Austria', company: 'Österreichische Post', note: "Austria's postal operator" },
  AU: { country: 'Australia', company: 'Australia Post', note: "Australia's postal operator" },
  BE: { country: 'Belgium', company: 'BPost', note: "Belgium's postal operator" },
  // SONAPOST trades as La Poste Burkina Faso (Shopify's name), but has no public page
  // that tracks a number, and every company flowfill names gets a tracking link.
  BF: {
    country: 'Burkina Faso',
    company: 'La Poste Burkina Faso',
    note: "Burkina Faso's postal operator",
    unnamed: 'flowfill knows no public tracking page for La Poste Burkina Faso',
  },
  BR: { country: 'Brazil', company: 'Correios', note: "Brazil's postal operator" },
  CA: { country: 'Canada', company: 'Canada Post', note: "Canada's postal operator" },
  CH: { country: 'Switzerland', company: 'Swiss Post', note: "Switzerland's postal operator" },
  CN: { country: 'China', company: 'China Post', note: "China's postal operator" },
  // Cyprus Post's results page needs a signed link its own search form makes.
  CY: {
    country: 'Cyprus',
    company: 'Cyprus Post',
    note: "Cyprus's postal operator",
    unnamed: 'flowfill knows no public tracking page for Cyprus Post that opens from a number',
  },
  // Shopify also lists "Deutsche Post (DE)/(EN)" (Germany only); the plain name is the one every shop has.
  DE: { country: 'Germany', company: 'Deutsche Post', note: "Germany's postal operator" },
  // Post Danmark is part of PostNord; Shopify names it per country.
  DK: { country: 'Denmark', company: 'PostNord DK', note: "Denmark's postal operator (PostNord)" },
  ES: { country: 'Spain', company: 'Correos', note: "Spain's postal operator" },
  // Shopify has no plain "La Poste": its La Poste names are Colissimo (parcels) and La Poste
  // Colissimo; laposte.fr tracks every La Poste item. La Poste's EMS is Chronopost.
  FR: {
    country: 'France',
    company: 'Colissimo',
    note: "France's postal operator La Poste",
    also: { company: 'Chronopost', indicators: /^E/, why: 'French EMS items (E…) are Chronopost’s' },
  },
  // Royal Mail Group issues S10 numbers for Royal Mail and for Parcelforce Worldwide, the
  // UK's EMS and international parcel service.
  GB: {
    country: 'United Kingdom',
    company: 'Royal Mail',
    note: "the UK's postal operator",
    also: { company: 'Parcelforce', indicators: /^[EC]/, why: 'UK EMS (E…) and parcel (C…) items can be Parcelforce’s' },
  },
  IE: { country: 'Ireland', company: 'An Post', note: "Ireland's postal operator" },
  IL: { country: 'Israel', company: 'Israel Post', note: "Israel's postal operator" },
  IN: { country: 'India', company: 'India Post', note: "India's postal operator" },
  IS: { country: 'Iceland', company: 'Iceland Post', note: "Iceland's postal operator" },
  IT: { country: 'Italy', company: 'Poste Italiane', note: "Italy's postal operator" },
  // "Japan Post (EN)" and "(JA)" are the same carrier (tracking page language); S10
  // numbers are international mail, so the English page.
  JP: { country: 'Japan', company: 'Japan Post (EN)', note: "Japan's postal operator" },
  LT: { country: 'Lithuania', company: 'Lietuvos Paštas', note: "Lithuania's postal operator" },
  LV: {
    country: 'Latvia',
    company: 'Latvia Post',
    note: "Latvia's postal operator",
    unnamed: 'flowfill knows no public tracking page for Latvia Post that opens from a number',
  },
  NL: { country: 'Netherlands', company: 'PostNL', note: "the Netherlands' postal operator" },
  // Posten Norge's parcel brand is Bring (Shopify's Norway list); "PostNord NO" is
  // PostNord's Norwegian arm, not the national post.
  NO: { country: 'Norway', company: 'Bring', note: "Norway's postal operator (Posten Norge / Bring)" },
  NZ: { country: 'New Zealand', company: 'New Zealand Post', note: "New Zealand's postal operator" },
  // "CTT", not "CTT Express" (CTT's courier arm, which also runs Portugal's EMS).
  PT: {
    country: 'Portugal',
    company: 'CTT',
    note: "Portugal's postal operator",
    also: { company: 'CTT Express', indicators: /^E/, why: 'Portuguese EMS items (E…) are CTT Express’s' },
  },
  SE: { country: 'Sweden', company: 'PostNord SE', note: "Sweden's postal operator (PostNord)" },
  SG: { country: 'Singapore', company: 'Singapore Post', note: "Singapore's postal operator" },
  TR: { country: 'Turkey', company: 'PTT', note: "Turkey's postal operator" },
  US: { country: 'United States', company: 'USPS', note: 'the US postal operator' },
  // Deliberately absent (operator not in Shopify's list): FI (Posti, not PostNord), MX
  // (Correos de México), HK (Hongkong Post), KR, PL, CZ, GR, LU, RU and the rest.
};

function issuersFor(n: string): readonly Issuer[] {
  const suffix = n.slice(-2);
  const op = OPERATORS[suffix];
  if (!op) {
    return [
      {
        company: `the postal operator of ${suffix}`,
        shopify: false,
        unnamed: `flowfill maps no ${suffix} postal operator to a name in Shopify's list`,
      },
    ];
  }
  const main = shopify(op.company, op.unnamed ? { note: op.note, unnamed: op.unnamed } : { note: op.note });
  if (op.also && op.also.indicators.test(n)) return [main, shopify(op.also.company, { note: op.also.why })];
  return [main];
}

export const S10_FORMAT: Format = {
  id: 's10',
  courier: 's10',
  label: 'UPU S10',
  matches: (n) => /^[A-Z]{2}\d{9}[A-Z]{2}$/.test(n),
  check: { name: 'mod-11 check digit', valid: (n) => s10Mod11(n.slice(2, 11)) },
  describe: (n) => {
    const suffix = n.slice(-2);
    const op = OPERATORS[suffix];
    return `UPU S10 number ending in ${suffix}${op ? ` (${op.country})` : ''}`;
  },
  issuers: issuersFor,
  // The `also` companies only ever appear next to the main operator (a collision), so they are never named.
  allIssuers: Object.values(OPERATORS).map((op) => shopify(op.company, op.unnamed ? { unnamed: op.unnamed } : {})),
};

/** The S10 suffixes flowfill maps, with their Shopify company (for tests and docs). */
export const S10_OPERATORS: Readonly<Record<string, { country: string; company: string; named: boolean }>> = Object.fromEntries(
  Object.entries(OPERATORS).map(([code, op]) => [code, { country: op.country, company: op.company, named: !op.unnamed }]),
);
