// Asian e-commerce carriers: YunExpress.
import { defineFormat, shopify } from './define';

export const ASIA_FORMATS = [
  // YT + 16 digits, no check digit; "YT" + 16 is YunExpress's own shape (YTO Express's
  // YT numbers have 13 digits). No origin rule: YunExpress parcels are often fulfilled
  // through locations registered in the merchant's country.
  defineFormat({
    id: 'yunexpress',
    courier: 'yunexpress',
    label: 'YunExpress',
    pattern: /^YT\d{16}$/,
    describe: 'YT… YunExpress number (no check digit)',
    issuers: [shopify('YunExpress')],
  }),
];
