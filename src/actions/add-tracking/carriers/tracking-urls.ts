// Public tracking pages, one per company flowfill can name (test/actions/add-tracking/
// carrier.test.ts checks the coverage). Patterns are the carriers' own tracking pages
// as linked by their sites and by widely used integrations; {n} is the number.
import { normaliseCompany } from './shopify-companies';

const TRACKING_PAGES: Readonly<Record<string, string>> = {
  UPS: 'https://www.ups.com/track?tracknum={n}',
  USPS: 'https://tools.usps.com/go/TrackConfirmAction?tLabels={n}',
  FedEx: 'https://www.fedex.com/fedextrack/?trknbr={n}',
  'Canada Post': 'https://www.canadapost-postescanada.ca/track-reperage/en#/search?searchFor={n}',
  Purolator: 'https://www.purolator.com/en/shipping/tracker?pin={n}',
  Canpar: 'https://www.canpar.com/en/track/TrackingAction.do?locale=en&type=0&reference={n}',
  DPD: 'https://tracking.dpd.de/status/en_US/parcel/{n}',
  'DPD Ireland': 'https://dpd.ie/tracking?deviceType=5&consignmentNumber={n}',
  Yodel: 'https://www.yodel.co.uk/tracking/{n}',
  YunExpress: 'https://www.yuntrack.com/parcelTracking?id={n}',
  Amazon: 'https://track.amazon.com/tracking/{n}',
  'Amazon Logistics UK': 'https://track.amazon.co.uk/tracking/{n}',
  OnTrac: 'https://www.ontrac.com/tracking/?number={n}',
  Lasership: 'https://www.lasership.com/track/{n}',
  'DHL eCommerce': 'https://webtrack.dhlecs.com/?trackingnumber={n}',
  // Postal operators (UPU S10 numbers).
  'Australia Post': 'https://auspost.com.au/mypost/track/#/details/{n}',
  'Österreichische Post': 'https://www.post.at/s/sendungsdetails?snr={n}',
  BPost: 'https://track.bpost.cloud/btr/web/#/search?itemCode={n}&lang=en',
  Correios: 'https://rastreamento.correios.com.br/app/index.php?objeto={n}',
  'Swiss Post': 'https://service.post.ch/ekp-web/ui/entry/search/{n}',
  'China Post': 'https://yjcx.ems.com.cn/qps/english/yjcx?mailNo={n}',
  'Deutsche Post': 'https://www.deutschepost.de/de/s/sendungsverfolgung.html?piececode={n}',
  'PostNord DK': 'https://www.postnord.dk/varktojer/track-trace?shipmentId={n}',
  Correos: 'https://www.correos.es/es/es/herramientas/localizador/envios/detalle?tracking-number={n}',
  Colissimo: 'https://www.laposte.fr/outils/suivre-vos-envois?code={n}',
  'Royal Mail': 'https://www.royalmail.com/track-your-item#/tracking-results/{n}',
  'An Post': 'https://www.anpost.com/Post-Parcels/Track/History?item={n}',
  'Israel Post': 'https://israelpost.co.il/en/itemtrace?itemcode={n}',
  'India Post': 'https://www.indiapost.gov.in/track-result/article-number/{n}',
  'Iceland Post': 'https://posturinn.is/en/individuals/receive/track-shipment/?q={n}',
  'Poste Italiane': 'https://www.poste.it/cerca/index.html#/risultati-spedizioni/{n}',
  'Japan Post (EN)': 'https://trackings.post.japanpost.jp/services/srv/search/direct?searchKind=S004&locale=en&reqCodeNo1={n}',
  'Lietuvos Paštas': 'https://www.post.lt/siuntu-sekimas?parcels={n}',
  PostNL: 'https://jouw.postnl.nl/track-and-trace/{n}',
  Bring: 'https://tracking.bring.com/tracking/{n}',
  'New Zealand Post': 'https://www.nzpost.co.nz/tools/tracking/item/{n}',
  CTT: 'https://www.ctt.pt/feapl_2/app/open/objectSearch/objectSearch.jspx?objects={n}',
  'PostNord SE': 'https://www.postnord.se/vara-verktyg/spara-brev-paket-och-pall?shipmentId={n}',
  'Singapore Post': 'https://www.singpost.com/track-items?trackingid={n}',
  PTT: 'https://gonderitakip.ptt.gov.tr/Track/Verify?q={n}',
};

/** Companies with a known tracking page (for tests and docs). */
export const TRACKING_PAGE_COMPANIES: readonly string[] = Object.keys(TRACKING_PAGES);

/** The carrier's public tracking page for this number, for companies flowfill knows (https URLs, number URL-encoded); null otherwise. */
export function trackingUrlFor(company: string, trackingNumber: string): string | null {
  const name = normaliseCompany(company);
  const page = name ? TRACKING_PAGES[name] : undefined;
  // Spaces are how numbers are printed, never part of them; hyphens can be (LaserShip's -1).
  const number = trackingNumber.replace(/\s+/g, '');
  if (!page || number === '') return null;
  return page.replace('{n}', encodeURIComponent(number));
}
