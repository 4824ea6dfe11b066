// Carrier detection for the "Add tracking" action: when the merchant gives no tracking
// company, name it from the number's format so Shopify can build a clickable tracking
// link, spelled exactly as in Shopify's supported tracking companies list. A wrong
// company is worse than none (the customer's link is built from it), so detection names
// a company only when the format, its check digit and the shop's context leave exactly
// one; docs/carriers.md lists the formats and the context rules.
//
// The format tables are in ./carriers (one file per courier family): pure string and
// RegExp code, no eval/new Function and no Node APIs, so it bundles for Cloudflare Workers.
export {
  SHOPIFY_TRACKING_COMPANIES,
  detectCarrier,
  nameableCompanies,
  normaliseCompany,
  normaliseTrackingNumber,
  trackingUrlFor,
} from './carriers';
export type { CarrierDetection, DetectionContext } from './carriers';
