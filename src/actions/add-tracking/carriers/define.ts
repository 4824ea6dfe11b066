import type { Format, Issuer } from './types';

interface FormatSpec {
  readonly id: string;
  readonly courier: string;
  readonly label: string;
  /** Anchored pattern on the normalised number (upper case, no spaces or dashes). */
  readonly pattern: RegExp;
  readonly check?: Format['check'];
  readonly describe: string | ((n: string) => string);
  readonly issuers: readonly Issuer[];
  readonly namedFrom?: readonly string[];
  readonly namedFromText?: string;
  readonly shadow?: string;
}

/** Builds a format whose issuers do not depend on the number. */
export function defineFormat(spec: FormatSpec): Format {
  const { pattern, describe, issuers, ...rest } = spec;
  return {
    ...rest,
    matches: (n) => pattern.test(n),
    describe: typeof describe === 'string' ? () => describe : describe,
    issuers: () => issuers,
    allIssuers: issuers,
  };
}

/** An issuer with a name from Shopify's list. */
export function shopify(company: string, where: Omit<Issuer, 'company' | 'shopify'> = {}): Issuer {
  return { company, shopify: true, ...where };
}
