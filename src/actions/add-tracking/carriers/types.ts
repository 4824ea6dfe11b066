// The shapes shared by the format tables and the detector.

/** What the shop knows about where the parcel travels (ISO 3166-1 alpha-2 codes). */
export interface DetectionContext {
  /** ISO 3166-1 alpha-2 country of the location the parcel ships from (the fulfillment's or fulfillment order's location), when known. */
  originCountry?: string | null;
  /** ISO 3166-1 alpha-2 country of the order's shipping address, when known. */
  destinationCountry?: string | null;
}

export type CarrierDetection =
  | { company: string; courier: string; reason: string } // named: Shopify's exact company name
  | { company: null; reason: string; candidates: readonly string[] }; // not named: candidates = Shopify companies whose formats matched (empty: none matched; 2+: a collision the context did not decide)

/** A company that issues numbers of a format, and where it issues them. */
export interface Issuer {
  /** Shopify's exact company name, or a plain description when `shopify` is false. */
  readonly company: string;
  /** Whether `company` is a name from Shopify's supported tracking companies. */
  readonly shopify: boolean;
  /** Countries whose parcels carry such numbers (the origin); absent: any. */
  readonly origins?: readonly string[];
  /** Origins that never carry them (for an issuer that is "anywhere but …"). */
  readonly exceptOrigins?: readonly string[];
  /** With `origins`: only for parcels to these countries. */
  readonly destinations?: readonly string[];
  /** How a reason says where it ships, e.g. "ships only from Canada". */
  readonly region?: string;
  /** Appended to a named reason, e.g. "Brazil's postal operator". */
  readonly note?: string;
  /** Set when flowfill never names this issuer although the number fits: why (the reason says it). */
  readonly unnamed?: string;
}

/** One published tracking number format. */
export interface Format {
  readonly id: string;
  /** Courier family returned as `courier` when this format names the company. */
  readonly courier: string;
  /** Short name for collision reasons, e.g. "FedEx Express" in "12 digits fit both FedEx Express … and Purolator …". */
  readonly label: string;
  /** The number's shape (anchored regex on the normalised number). */
  matches(n: string): boolean;
  /** The check digit and how a reason names it ("mod-10 check digit"); absent: the format has none. */
  readonly check?: { readonly name: string; valid(n: string): boolean };
  /** How a reason names a number of this format, e.g. "1Z… UPS number". */
  describe(n: string): string;
  /** Who issues it; may depend on the number (S10 country suffix). */
  issuers(n: string): readonly Issuer[];
  /** Every issuer `issuers` can return (for listing the companies flowfill can name). */
  readonly allIssuers: readonly Issuer[];
  /**
   * Plain formats (short all-digit shapes without a prefix, or no check digit and a weak prefix) are named
   * only for parcels shipped from these countries, where flowfill knows the listed carriers' formats;
   * absent: named from anywhere (distinctive prefix and structure).
   */
  readonly namedFrom?: readonly string[];
  /** How a reason says `namedFrom`, when listing the codes would be too long. */
  readonly namedFromText?: string;
  /** Set for formats flowfill knows only so they can block a guess: why it never names them. */
  readonly shadow?: string;
}
