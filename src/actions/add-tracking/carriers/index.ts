// Carrier detection from tracking number formats: the format tables (one file per courier
// family), the detector and the tracking pages. src/actions/add-tracking/carrier.ts is the
// entry the action imports.
import { AMAZON_FORMATS } from './amazon';
import { ASIA_FORMATS } from './asia';
import { CANADA_FORMATS } from './canada';
import { detect } from './detect';
import { DHL_FORMATS } from './dhl';
import { DPD_FORMATS } from './dpd';
import { FEDEX_FORMATS } from './fedex';
import { GS1_FORMATS } from './gs1';
import { S10_FORMAT } from './s10';
import type { CarrierDetection, DetectionContext, Format } from './types';
import { UK_FORMATS } from './uk';
import { UPS_FORMATS } from './ups';
import { US_REGIONAL_FORMATS } from './us-regional';
import { USPS_FORMATS } from './usps';

/** Every format flowfill knows, named or only known to block a guess (order: how reasons list collisions). */
export const FORMATS: readonly Format[] = [
  ...UPS_FORMATS,
  ...USPS_FORMATS,
  ...FEDEX_FORMATS,
  ...CANADA_FORMATS,
  ...DHL_FORMATS,
  ...DPD_FORMATS,
  ...UK_FORMATS,
  ...AMAZON_FORMATS,
  ...US_REGIONAL_FORMATS,
  ...ASIA_FORMATS,
  ...GS1_FORMATS,
  S10_FORMAT,
];

/** Names the carrier from the number's format and check digit (and the context where formats collide); never guesses. */
export function detectCarrier(trackingNumber: string, context?: DetectionContext): CarrierDetection {
  return detect(FORMATS, trackingNumber, context);
}

/** The Shopify companies detectCarrier can name (each has a tracking page in tracking-urls.ts). */
export function nameableCompanies(): string[] {
  const names = FORMATS.filter((f) => !f.shadow).flatMap((f) => f.allIssuers.filter((i) => i.shopify && !i.unnamed).map((i) => i.company));
  return [...new Set(names)].sort();
}

export { normaliseTrackingNumber } from './detect';
export { S10_OPERATORS } from './s10';
export { SHOPIFY_TRACKING_COMPANIES, normaliseCompany } from './shopify-companies';
export { TRACKING_PAGE_COMPANIES, trackingUrlFor } from './tracking-urls';
export type { CarrierDetection, DetectionContext } from './types';
