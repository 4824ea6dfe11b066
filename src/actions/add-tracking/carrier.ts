// Carrier detection for the "Add tracking" action: when the merchant gives no
// tracking company, name it from the number's format so Shopify can build a
// clickable tracking link. The company must be spelled exactly as in Shopify's
// supported tracking companies list, or Shopify treats it as an unknown carrier.
//
// Check-digit validation comes from ts-tracking-number (jkeen/tracking_number_data);
// it is pure JS (ramda + JSON data, RegExp only, no eval/new Function, no Node
// APIs), so it bundles for Cloudflare Workers.
import { allCouriers, getTracking } from 'ts-tracking-number';
import type { TrackingCourier } from 'ts-tracking-number';

/** What detection found: Shopify's exact company name and why. */
export type CarrierDetection = {
  /** Exact Shopify tracking company name (a member of SHOPIFY_TRACKING_COMPANIES). */
  company: string;
  source: 'format';
  /** ts-tracking-number's courier code: 'ups', 'usps', 'fedex', 'dhl', 'amazon', 'ontrac' or 's10'. */
  courier: string;
  /** One line for the run explanation. */
  reason: string;
};

/**
 * Shopify's supported tracking companies, spelled exactly as in the Admin GraphQL
 * 2026-07 schema (`FulfillmentTrackingInfo.company` description, "Supported
 * tracking companies"): first the list shown to shops in any country, then the
 * names shown only to shops in specific countries (duplicates dropped).
 * test/actions/add-tracking/carrier.test.ts checks this against the schema.
 */
export const SHOPIFY_TRACKING_COMPANIES: readonly string[] = Object.freeze([
  // Shown to shops in any country.
  '4PX', 'AGS', 'Amazon', 'Amazon Logistics UK', 'An Post', 'Anjun Logistics', 'APC',
  'Asendia USA', 'Australia Post', 'Bonshaw', 'BPost', 'BPost International', 'Canada Post',
  'Canpar', 'CDL Last Mile', 'China Post', 'Chronopost', 'Chukou1', 'Colissimo', 'Comingle',
  'Coordinadora', 'Correios', 'Correos', 'CTT', 'CTT Express', 'Cyprus Post', 'Delnext',
  'Deutsche Post', 'DHL eCommerce', 'DHL eCommerce Asia', 'DHL Express', 'DPD', 'DPD Local',
  'DPD UK', 'DTD Express', 'DX', 'Eagle', 'Estes', 'Evri', 'FedEx', 'First Global Logistics',
  'First Line', 'FSC', 'Fulfilla', 'GLS', 'Guangdong Weisuyi Information Technology (WSE)',
  'Heppner Internationale Spedition GmbH & Co.', 'Iceland Post', 'IDEX', 'Israel Post',
  'Japan Post (EN)', 'Japan Post (JA)', 'La Poste Colissimo', 'La Poste Burkina Faso',
  'Lasership', 'Latvia Post', 'Lietuvos Paštas', 'Logisters', 'Lone Star Overnight',
  'M3 Logistics', 'Meteor Space', 'Mondial Relay', 'New Zealand Post', 'NinjaVan',
  'North Russia Supply Chain (Shenzhen) Co.', 'OnTrac', 'Packeta', 'Pago Logistics',
  'Ping An Da Tengfei Express', 'Pitney Bowes', 'Portal PostNord', 'Poste Italiane', 'PostNL',
  'PostNord DK', 'PostNord NO', 'PostNord SE', 'Purolator', 'Qxpress', 'Qyun Express',
  'Royal Mail', 'Royal Shipments', 'Sagawa (EN)', 'Sagawa (JA)', 'Sendle', 'SF Express',
  'SFC Fulfillment', 'ShipBob', 'SHREE NANDAN COURIER', 'Singapore Post',
  'Southwest Air Cargo', 'StarTrack', 'Step Forward Freight', 'Swiss Post',
  'TForce Final Mile', 'Tinghao', 'TNT', 'Toll IPEC', 'United Delivery Service', 'UPS', 'USPS',
  'Venipak', 'We Post', 'Whistl', 'Wizmo', 'WMYC', 'Xpedigo', 'XPO Logistics', 'Yamato (EN)',
  'Yamato (JA)', 'YiFan Express', 'YunExpress',
  // Shown only to shops in specific countries (names not already listed above).
  'Aramex Australia', 'TNT Australia', 'Hunter Express', 'Couriers Please', 'Bonds', // Australia
  'Allied Express', 'Direct Couriers', 'Northline', 'GO Logistics', // Australia
  'Österreichische Post', // Austria
  'Speedy', // Bulgaria
  'Intelcom', 'BoxKnight', 'Loomis', // Canada
  'WanbExpress', // China
  'Zásilkovna', // Czechia
  'Deutsche Post (DE)', 'Deutsche Post (EN)', 'DHL', 'Swiship', 'Hermes', // Germany
  'SEUR', // Spain
  'Colis Privé', // France
  'Parcelforce', 'Yodel', 'DHL Parcel', 'Tuffnells', // United Kingdom
  'ACS Courier', // Greece
  'Fastway', 'DPD Ireland', // Ireland
  'DTDC', 'India Post', 'Delhivery', 'Gati KWE', 'Professional Couriers', 'XpressBees', // India
  'Ecom Express', 'Ekart', 'Shadowfax', 'Bluedart', // India
  'BRT', 'GLS Italy', // Italy
  'エコ配', '西濃運輸', '西濃スーパーエキスプレス', '福山通運', '日本通運', '名鉄運輸', '第一貨物', // Japan
  'Bring', // Norway
  'Inpost', // Poland
  'PTT', 'Yurtiçi Kargo', 'Aras Kargo', 'Sürat Kargo', // Turkey
  'Alliance Air Freight', 'Pilot Freight', 'LSO', 'Old Dominion', 'Pandion', 'R+L Carriers', // United States
  'Skynet', // South Africa
]);

/**
 * ts-tracking-number formats we trust, keyed by `${courier code}/${format name}`
 * (the names in its bundled tracking_number_data), with the Shopify company and
 * how to describe the format. Formats left out are deliberately not detected:
 * - amazon/"Amazon International" ([AFC] + 10 digits) and dhl/"DHL Express (Piece ID)"
 *   (J + letters + digits) have no check digit and shapes other carriers use too;
 * - dhl/"DHL E-Commerce" has no check digit and prefixes (CN, IN, HK, MY, SG, TH…)
 *   that split between Shopify's "DHL eCommerce" and "DHL eCommerce Asia": only the
 *   GM prefix (DHL eCommerce Americas, formerly DHL Global Mail) is mapped, below.
 * `plainDigits` marks short all-digit formats that other carriers' numbers pass by
 * chance (about 1 in 7 to 1 in 10), so the explanation tells the merchant to set
 * the company if it is wrong.
 */
const FORMATS: Readonly<Record<string, { company: string; label: string; plainDigits?: boolean }>> = {
  'ups/UPS': { company: 'UPS', label: '1Z… number with a valid check digit' },
  'ups/UPS Waybill': { company: 'UPS', label: 'UPS waybill number (letter + 10 digits) with a valid check digit', plainDigits: true },
  'usps/USPS 20': { company: 'USPS', label: '20-digit USPS number with a valid check digit', plainDigits: true },
  'usps/USPS 34v2': { company: 'USPS', label: '34-digit USPS (420 + ZIP) number with a valid check digit' },
  'usps/USPS 91': { company: 'USPS', label: 'USPS Intelligent Mail package barcode (IMpb) number with a valid check digit' },
  'fedex/FedEx Express (12)': { company: 'FedEx', label: '12-digit FedEx Express number with a valid check digit', plainDigits: true },
  'fedex/FedEx Express (34)': { company: 'FedEx', label: '34-digit FedEx Express barcode with a valid check digit' },
  // SmartPost (Ground Economy) numbers look like USPS IMpb numbers with service type 29;
  // the library tries FedEx first, as its data intends (they are in USPS's "invalid" tests).
  'fedex/FedEx SmartPost': { company: 'FedEx', label: 'FedEx SmartPost (Ground Economy) number with a valid check digit' },
  'fedex/FedEx Ground': { company: 'FedEx', label: '15-digit FedEx Ground number with a valid check digit', plainDigits: true },
  'fedex/FedEx Ground (SSCC-18)': { company: 'FedEx', label: 'FedEx Ground SSCC-18 number with a valid check digit' },
  'fedex/FedEx Ground 96 (22)': { company: 'FedEx', label: '22-digit FedEx Ground 96… number with a valid check digit' },
  'fedex/FedEx Ground GSN': { company: 'FedEx', label: '34-digit FedEx Ground 96… barcode with a valid check digit' },
  'dhl/DHL Express': { company: 'DHL Express', label: '10- or 11-digit DHL Express waybill number with a valid check digit (mod 7)', plainDigits: true },
  'dhl/DHL E-Commerce': { company: 'DHL eCommerce', label: 'GM… number (DHL eCommerce format; it has no check digit)' },
  // "Amazon" rather than "Amazon Logistics UK": TBA numbers are Amazon Logistics' format
  // in every country, and nothing in the number says UK.
  'amazon/Amazon Logistics': { company: 'Amazon', label: 'TBA… number (Amazon Logistics format; it has no check digit)' },
  'ontrac/OnTrac': { company: 'OnTrac', label: 'C… OnTrac number with a valid check digit' },
  'ontrac/OnTrac D': { company: 'OnTrac', label: 'D… OnTrac number with a valid check digit' },
};

/**
 * UPU S10 numbers (e.g. RA123456785BR) end in the ISO country code of the postal
 * operator that issued them. Only countries whose operator has a name in Shopify's
 * list are here; any other suffix is not detected. Names were checked against the
 * schema list above (Admin GraphQL 2026-07, FulfillmentTrackingInfo.company);
 * operators per country against ts-tracking-number's S10 data (UPU member list).
 */
const S10_OPERATORS: Readonly<Record<string, { country: string; company: string; note: string }>> = {
  AT: { country: 'Austria', company: 'Österreichische Post', note: "Austria's postal operator" }, // Austria-only list entry
  AU: { country: 'Australia', company: 'Australia Post', note: "Australia's postal operator" },
  BE: { country: 'Belgium', company: 'BPost', note: "Belgium's postal operator" }, // Shopify spells it "BPost"
  // SONAPOST, Burkina Faso's UPU operator, trades as La Poste Burkina Faso (Shopify's name).
  BF: { country: 'Burkina Faso', company: 'La Poste Burkina Faso', note: "Burkina Faso's postal operator" },
  BR: { country: 'Brazil', company: 'Correios', note: "Brazil's postal operator" },
  CA: { country: 'Canada', company: 'Canada Post', note: "Canada's postal operator" },
  CH: { country: 'Switzerland', company: 'Swiss Post', note: "Switzerland's postal operator" },
  CN: { country: 'China', company: 'China Post', note: "China's postal operator" },
  CY: { country: 'Cyprus', company: 'Cyprus Post', note: "Cyprus's postal operator" },
  // Shopify lists "Deutsche Post" (any country) and "Deutsche Post (DE)/(EN)" (Germany only);
  // the plain name is the one every shop has.
  DE: { country: 'Germany', company: 'Deutsche Post', note: "Germany's postal operator" },
  // Post Danmark is part of PostNord; Shopify names it per country: "PostNord DK".
  DK: { country: 'Denmark', company: 'PostNord DK', note: "Denmark's postal operator (Post Danmark, part of PostNord)" },
  ES: { country: 'Spain', company: 'Correos', note: "Spain's postal operator" },
  // Shopify has no plain "La Poste"; its La Poste names are "Colissimo" and "La Poste
  // Colissimo" (La Poste's parcel service, tracked on laposte.fr with the same number).
  FR: { country: 'France', company: 'Colissimo', note: "France's postal operator La Poste (Colissimo)" },
  GB: { country: 'United Kingdom', company: 'Royal Mail', note: "the UK's postal operator" },
  IE: { country: 'Ireland', company: 'An Post', note: "Ireland's postal operator" },
  IL: { country: 'Israel', company: 'Israel Post', note: "Israel's postal operator" },
  IN: { country: 'India', company: 'India Post', note: "India's postal operator" }, // India-only list entry
  IS: { country: 'Iceland', company: 'Iceland Post', note: "Iceland's postal operator" },
  IT: { country: 'Italy', company: 'Poste Italiane', note: "Italy's postal operator" },
  // Shopify has "Japan Post (EN)" and "Japan Post (JA)" (same carrier, tracking page
  // language); S10 numbers are international mail, so the English page.
  JP: { country: 'Japan', company: 'Japan Post (EN)', note: "Japan's postal operator" },
  LT: { country: 'Lithuania', company: 'Lietuvos Paštas', note: "Lithuania's postal operator" },
  LV: { country: 'Latvia', company: 'Latvia Post', note: "Latvia's postal operator" },
  NL: { country: 'Netherlands', company: 'PostNL', note: "the Netherlands' postal operator" },
  // Norway's operator is Posten Norge, whose parcel brand is Bring (Shopify's Norway
  // list); "PostNord NO" is PostNord's Norwegian parcel arm, not the national post.
  NO: { country: 'Norway', company: 'Bring', note: "Norway's postal operator (Posten Norge / Bring)" },
  NZ: { country: 'New Zealand', company: 'New Zealand Post', note: "New Zealand's postal operator" },
  PT: { country: 'Portugal', company: 'CTT', note: "Portugal's postal operator" }, // "CTT", not "CTT Express" (a courier)
  // Posten (Sweden) is part of PostNord; Shopify's name is "PostNord SE".
  SE: { country: 'Sweden', company: 'PostNord SE', note: "Sweden's postal operator (PostNord)" },
  SG: { country: 'Singapore', company: 'Singapore Post', note: "Singapore's postal operator" },
  TR: { country: 'Turkey', company: 'PTT', note: "Turkey's postal operator" }, // Turkey-only list entry
  US: { country: 'United States', company: 'USPS', note: 'the US postal operator' },
  // Deliberately absent (operator not in Shopify's list): FI (Posti — not PostNord),
  // MX (Correos de México), HK (Hongkong Post), KR, PL, CZ, GR, LU, RU and the rest.
};

// Only the formats in FORMATS (plus S10), in the library's own order, so an untrusted
// format can neither be returned nor shadow a trusted one (e.g. "Amazon International"
// would otherwise win over a UPS waybill number of the same length).
const TRUSTED_COURIERS: readonly TrackingCourier[] = allCouriers.map((c) => ({
  ...c,
  tracking_numbers: c.tracking_numbers.filter(
    (t) => c.courier_code === 's10' || `${c.courier_code}/${t.name}` in FORMATS,
  ),
}));

// Longest supported format is 34 characters; the cap keeps regex work bounded on junk input.
const MAX_LENGTH = 40;

/** Trims, removes spaces and hyphens (any dash) and upper-cases a tracking number. */
export function normaliseTrackingNumber(input: string): string {
  return input.replace(/[\s\-\u2010-\u2015]/g, '').toUpperCase();
}

/** Names the carrier from the number's format and check digit, spelled as Shopify spells it; null when unsure. */
export function detectCarrier(trackingNumber: string): CarrierDetection | null {
  const number = normaliseTrackingNumber(trackingNumber);
  if (!/^[A-Z0-9]+$/.test(number) || number.length > MAX_LENGTH) return null;

  const found = getTracking(number, TRUSTED_COURIERS);
  if (!found) return null;
  const courier = found.courier.code;

  if (courier === 's10') {
    const suffix = number.slice(-2);
    const operator = S10_OPERATORS[suffix];
    if (!operator) return null;
    return {
      company: operator.company,
      source: 'format',
      courier,
      reason: `UPU S10 number ending in ${suffix} (${operator.country}) with a valid check digit: ${operator.company} (${operator.note})`,
    };
  }

  const format = FORMATS[`${courier}/${found.name}`];
  if (!format) return null;
  // The library's DHL E-Commerce format also accepts prefixes we do not map (see FORMATS).
  if (courier === 'dhl' && found.name === 'DHL E-Commerce' && !number.startsWith('GM')) return null;
  const caveat = format.plainDigits
    ? ' (numbers of other carriers can pass this short check by chance: set tracking_company if it is wrong)'
    : '';
  return { company: format.company, source: 'format', courier, reason: `${format.label}: ${format.company}${caveat}` };
}

// Case-, accent-, space- and punctuation-insensitive key: "dhl-express", "DHL Express"
// and "dhlexpress" all meet; Japanese names keep their letters.
function companyKey(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

const COMPANY_BY_KEY: ReadonlyMap<string, string> = new Map(
  SHOPIFY_TRACKING_COMPANIES.map((name) => [companyKey(name), name]),
);

/** Maps a merchant's spelling ("ups", "dhl express") to Shopify's exact company name, or null if Shopify has no such name. */
export function normaliseCompany(input: string): string | null {
  const key = companyKey(input);
  return key === '' ? null : (COMPANY_BY_KEY.get(key) ?? null);
}
