// Amazon Logistics: TBA + 12 digits, no check digit; "TBA" is Amazon's alone.
import { defineFormat, shopify } from './define';

export const AMAZON_FORMATS = [
  defineFormat({
    id: 'amazon-tba',
    courier: 'amazon',
    label: 'Amazon Logistics',
    pattern: /^TBA\d{12}$/,
    describe: 'TBA… Amazon Logistics number (no check digit)',
    // Shopify has two names for the same network; the number does not say which.
    issuers: [
      shopify('Amazon Logistics UK', { origins: ['GB'], region: "is Shopify's name for Amazon Logistics parcels from the UK" }),
      shopify('Amazon', { exceptOrigins: ['GB'], region: "is Shopify's name for Amazon Logistics parcels from outside the UK" }),
    ],
  }),
];
