// Shopify's supported tracking companies and the merchant-spelling lookup. A company
// must be spelled exactly as Shopify spells it, or Shopify treats it as an unknown
// carrier and builds no tracking link from it.

/**
 * Shopify's supported tracking companies, spelled exactly as in the Admin GraphQL
 * 2026-07 schema (`FulfillmentTrackingInfo.company` description, "Supported
 * tracking companies"): first the list shown to shops in any country, then the
 * names shown only to shops in specific countries (duplicates dropped).
 * test/actions/add-tracking/carrier.test.ts checks this against the schema.
 */
export const SHOPIFY_TRACKING_COMPANIES: readonly string[] = Object.freeze([
  // Shown to shops in any country.
  '4PX',
  'AGS',
  'Amazon',
  'Amazon Logistics UK',
  'An Post',
  'Anjun Logistics',
  'APC',
  'Asendia USA',
  'Australia Post',
  'Bonshaw',
  'BPost',
  'BPost International',
  'Canada Post',
  'Canpar',
  'CDL Last Mile',
  'China Post',
  'Chronopost',
  'Chukou1',
  'Colissimo',
  'Comingle',
  'Coordinadora',
  'Correios',
  'Correos',
  'CTT',
  'CTT Express',
  'Cyprus Post',
  'Delnext',
  'Deutsche Post',
  'DHL eCommerce',
  'DHL eCommerce Asia',
  'DHL Express',
  'DPD',
  'DPD Local',
  'DPD UK',
  'DTD Express',
  'DX',
  'Eagle',
  'Estes',
  'Evri',
  'FedEx',
  'First Global Logistics',
  'First Line',
  'FSC',
  'Fulfilla',
  'GLS',
  'Guangdong Weisuyi Information Technology (WSE)',
  'Heppner Internationale Spedition GmbH & Co.',
  'Iceland Post',
  'IDEX',
  'Israel Post',
  'Japan Post (EN)',
  'Japan Post (JA)',
  'La Poste Colissimo',
  'La Poste Burkina Faso',
  'Lasership',
  'Latvia Post',
  'Lietuvos Paštas',
  'Logisters',
  'Lone Star Overnight',
  'M3 Logistics',
  'Meteor Space',
  'Mondial Relay',
  'New Zealand Post',
  'NinjaVan',
  'North Russia Supply Chain (Shenzhen) Co.',
  'OnTrac',
  'Packeta',
  'Pago Logistics',
  'Ping An Da Tengfei Express',
  'Pitney Bowes',
  'Portal PostNord',
  'Poste Italiane',
  'PostNL',
  'PostNord DK',
  'PostNord NO',
  'PostNord SE',
  'Purolator',
  'Qxpress',
  'Qyun Express',
  'Royal Mail',
  'Royal Shipments',
  'Sagawa (EN)',
  'Sagawa (JA)',
  'Sendle',
  'SF Express',
  'SFC Fulfillment',
  'ShipBob',
  'SHREE NANDAN COURIER',
  'Singapore Post',
  'Southwest Air Cargo',
  'StarTrack',
  'Step Forward Freight',
  'Swiss Post',
  'TForce Final Mile',
  'Tinghao',
  'TNT',
  'Toll IPEC',
  'United Delivery Service',
  'UPS',
  'USPS',
  'Venipak',
  'We Post',
  'Whistl',
  'Wizmo',
  'WMYC',
  'Xpedigo',
  'XPO Logistics',
  'Yamato (EN)',
  'Yamato (JA)',
  'YiFan Express',
  'YunExpress',
  // Shown only to shops in specific countries (names not already listed above).
  'Aramex Australia',
  'TNT Australia',
  'Hunter Express',
  'Couriers Please',
  'Bonds', // Australia
  'Allied Express',
  'Direct Couriers',
  'Northline',
  'GO Logistics', // Australia
  'Österreichische Post', // Austria
  'Speedy', // Bulgaria
  'Intelcom',
  'BoxKnight',
  'Loomis', // Canada
  'WanbExpress', // China
  'Zásilkovna', // Czechia
  'Deutsche Post (DE)',
  'Deutsche Post (EN)',
  'DHL',
  'Swiship',
  'Hermes', // Germany
  'SEUR', // Spain
  'Colis Privé', // France
  'Parcelforce',
  'Yodel',
  'DHL Parcel',
  'Tuffnells', // United Kingdom
  'ACS Courier', // Greece
  'Fastway',
  'DPD Ireland', // Ireland
  'DTDC',
  'India Post',
  'Delhivery',
  'Gati KWE',
  'Professional Couriers',
  'XpressBees', // India
  'Ecom Express',
  'Ekart',
  'Shadowfax',
  'Bluedart', // India
  'BRT',
  'GLS Italy', // Italy
  'エコ配',
  '西濃運輸',
  '西濃スーパーエキスプレス',
  '福山通運',
  '日本通運',
  '名鉄運輸',
  '第一貨物', // Japan
  'Bring', // Norway
  'Inpost', // Poland
  'PTT',
  'Yurtiçi Kargo',
  'Aras Kargo',
  'Sürat Kargo', // Turkey
  'Alliance Air Freight',
  'Pilot Freight',
  'LSO',
  'Old Dominion',
  'Pandion',
  'R+L Carriers', // United States
  'Skynet', // South Africa
]);

// Case-, accent-, space- and punctuation-insensitive key: "dhl-express", "DHL Express"
// and "dhlexpress" all meet; Japanese names keep their letters.
function companyKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

const COMPANY_BY_KEY: ReadonlyMap<string, string> = new Map(SHOPIFY_TRACKING_COMPANIES.map((name) => [companyKey(name), name]));

/** Maps a merchant's spelling ("ups", "dhl express") to Shopify's exact company name, or null if Shopify has no such name. */
export function normaliseCompany(input: string): string | null {
  const key = companyKey(input);
  return key === '' ? null : (COMPANY_BY_KEY.get(key) ?? null);
}
