// The detector: which formats a number fits (shape and check digit), who issues them, and
// what the shop's context rules out. It names a company only when exactly one remains and
// its format may name it; otherwise it says why not and which companies matched.
import { countryCode } from './regions';
import type { CarrierDetection, DetectionContext, Format, Issuer } from './types';

// The longest format is 34 characters; the cap keeps regex work bounded on junk input.
const MIN_LENGTH = 8;
const MAX_LENGTH = 40;
const SET_COMPANY = 'no company named; set Tracking company';

/** Trims, removes spaces and hyphens (any dash) and upper-cases a tracking number. */
export function normaliseTrackingNumber(input: string): string {
  return input.replace(/[\s\-\u2010-\u2015]/g, '').toUpperCase();
}

interface Fit {
  readonly format: Format;
  readonly issuer: Issuer;
}

function fitsContext(issuer: Issuer, origin: string | null, destination: string | null): boolean {
  if (origin !== null && issuer.origins && !issuer.origins.includes(origin)) return false;
  if (origin !== null && issuer.exceptOrigins?.includes(origin)) return false;
  if (destination !== null && issuer.destinations && !issuer.destinations.includes(destination)) return false;
  return true;
}

const unique = <T>(items: readonly T[]): T[] => [...new Set(items)];

function list(items: readonly string[], word: 'and' | 'or'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${word} ${items[items.length - 1]}`;
}

const shapeOf = (n: string): string => (/^\d+$/.test(n) ? `${n.length} digits` : `${n.length} characters`);
const route = (origin: string | null, destination: string | null): string =>
  `from ${origin ?? 'an unknown country'}${destination ? ` to ${destination}` : ''}`;
const possessive = (company: string): string => `${company}’s`;

function describeOne(format: Format, n: string): string {
  return `${format.describe(n)}${format.check ? ` with a valid ${format.check.name}` : ''}`;
}

function describeFits(formats: readonly Format[], n: string): string {
  if (formats.length === 1) return describeOne(formats[0]!, n);
  const parts = formats.map((f) => `${f.label} (${f.check ? `valid ${f.check.name}` : 'no check digit'})`);
  return `${shapeOf(n)} fit ${parts.length === 2 ? 'both ' : ''}${list(parts, 'and')}`;
}

const shopifyCompanies = (fits: readonly Fit[]): string[] => unique(fits.filter((f) => f.issuer.shopify).map((f) => f.issuer.company));

// "Purolator ships only from Canada, or from the US to Canada": what ruled a company out.
// Left unsaid: companies still in, other issuers of the formats still in (DPD's other
// names when one is picked) and check-less shadows (they never had evidence).
function exclusions(excluded: readonly Fit[], kept: readonly Fit[]): string {
  const keptCompanies = kept.map((f) => f.issuer.company);
  const keptFormats = kept.map((f) => f.format);
  const shown = excluded.filter(
    (f) => !keptCompanies.includes(f.issuer.company) && !keptFormats.includes(f.format) && (f.format.check || !f.format.shadow),
  );
  const byCompany = new Map<string, string>();
  for (const f of shown) byCompany.set(f.issuer.company, `${f.issuer.company} ${f.issuer.region ?? 'does not ship from there'}`);
  return [...byCompany.values()].join('; ');
}

function notNamed(reason: string, candidates: readonly string[]): CarrierDetection {
  return { company: null, reason, candidates };
}

/** Names the carrier of `trackingNumber` from `formats`, as `detectCarrier` documents. */
export function detect(formats: readonly Format[], trackingNumber: string, context: DetectionContext = {}): CarrierDetection {
  const n = normaliseTrackingNumber(trackingNumber);
  if (n === '') return notNamed(`No tracking number given: ${SET_COMPANY}`, []);
  if (!/^[A-Z0-9]+$/.test(n) || n.length < MIN_LENGTH || n.length > MAX_LENGTH) {
    return notNamed(`The tracking number is not a shape any carrier flowfill knows uses: ${SET_COMPANY}`, []);
  }
  const origin = countryCode(context.originCountry);
  const destination = countryCode(context.destinationCountry);

  const shaped = formats.filter((f) => f.matches(n));
  const valid = shaped.filter((f) => !f.check || f.check.valid(n));
  const failedChecks = shaped.filter((f) => f.check && !f.shadow && !valid.includes(f));
  // A wrong check digit on a real format says more than a shadow shape without a check.
  const considered = valid.some((f) => !f.shadow || f.check) || failedChecks.length === 0 ? valid : [];
  if (considered.length === 0) {
    if (failedChecks.length === 1) {
      const f = failedChecks[0]!;
      return notNamed(`${f.describe(n)} whose ${f.check!.name} is wrong: no company named; check the number or set Tracking company`, []);
    }
    if (failedChecks.length > 1) {
      return notNamed(
        `${shapeOf(n)} fit the shape of ${list(unique(failedChecks.map((f) => f.label)), 'and')} but no check digit is valid: no company named; check the number or set Tracking company`,
        [],
      );
    }
    return notNamed(`The number matches none of the tracking number formats flowfill knows: ${SET_COMPANY}`, []);
  }

  const fits: Fit[] = considered.flatMap((format) => format.issuers(n).map((issuer) => ({ format, issuer })));
  const kept = fits.filter((f) => fitsContext(f.issuer, origin, destination));
  const excluded = fits.filter((f) => !kept.includes(f));
  const keptCompanies = unique(kept.map((f) => f.issuer.company));
  // The formats worth naming in the reason: those still in, and those the context ruled out
  // although their check digit matched (a check-less shadow ruled out is noise).
  const relevant = considered.filter((f) => kept.some((k) => k.format === f) || (f.check && excluded.some((e) => e.format === f)));
  const what = describeFits(relevant.length > 0 ? relevant : considered, n);

  if (keptCompanies.length === 0) {
    const evidence = fits.filter((f) => f.format.check || !f.format.shadow);
    const ruledOut = evidence.length > 0 ? evidence : fits;
    return notNamed(
      `${what}, but ${exclusions(ruledOut, [])}, and this parcel ships ${route(origin, destination)}: ${SET_COMPANY}`,
      shopifyCompanies(ruledOut),
    );
  }

  if (keptCompanies.length > 1) {
    const candidates = shopifyCompanies(kept);
    if (considered.length === 1) {
      // One format, several issuers (DPD's four names, Amazon's two, an S10 operator and its EMS arm).
      const notes = unique(kept.slice(1).flatMap((f) => (f.issuer.note ? [f.issuer.note] : [])));
      const who = `it can be ${list(keptCompanies.map(possessive), 'or')}${notes.length ? ` (${notes.join('; ')})` : ''}`;
      const where = origin ? ` for a parcel shipped ${route(origin, destination)}` : " and the fulfilling location's country is unknown";
      return notNamed(`${what}; ${who}${where}: ${SET_COMPANY}`, candidates);
    }
    const ruledOut = exclusions(excluded, kept);
    const context = origin
      ? `; shipped ${route(origin, destination)}, it can still be ${list(keptCompanies.map(possessive), 'or')}`
      : " and the fulfilling location's country is unknown";
    return notNamed(`${what}${ruledOut ? `; ${ruledOut}` : ''}${context}: ${SET_COMPANY}`, candidates);
  }

  const company = keptCompanies[0]!;
  const nameable = kept.filter((f) => !f.format.shadow && !f.issuer.unnamed);
  if (nameable.length === 0) {
    const why = kept.map((f) => f.issuer.unnamed ?? f.format.shadow).find((w) => w !== undefined) ?? 'flowfill does not name it';
    return notNamed(`${what}; ${why}: ${SET_COMPANY}`, shopifyCompanies(kept));
  }
  const named = nameable.find((f) => !f.format.namedFrom || (origin !== null && f.format.namedFrom.includes(origin)));
  if (!named) {
    const f = nameable[0]!.format;
    const from = f.namedFromText ?? list(f.namedFrom!, 'or');
    const why = f.check
      ? `${shapeOf(n)} of this shape also come from other carriers and pass the check by chance, so flowfill names ${f.label} only for parcels shipped from ${from}`
      : `the format has no check digit, so flowfill names ${f.label} only for parcels shipped from ${from}`;
    const where = origin ? `, and this one ships from ${origin}` : ", and the fulfilling location's country is unknown";
    return notNamed(`${what}; ${why}${where}: ${SET_COMPANY}`, shopifyCompanies(kept));
  }

  const ruledOut = exclusions(excluded, kept);
  const resolution = ruledOut
    ? `; ${ruledOut}, and this parcel ships ${route(origin, destination)}`
    : named.format.namedFrom || excluded.length > 0
      ? `, shipped ${route(origin, destination)}`
      : '';
  const note = named.issuer.note ? ` (${named.issuer.note})` : '';
  return { company, courier: named.format.courier, reason: `${what}${resolution}: ${company}${note}` };
}
