import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  SHOPIFY_TRACKING_COMPANIES,
  detectCarrier,
  normaliseCompany,
  normaliseTrackingNumber,
} from '../../../src/actions/add-tracking/carrier';

const SCHEMA_PATH = fileURLToPath(new URL('../../../../shared/shopify/admin-2026-07.graphql', import.meta.url));
const hasSchema = existsSync(SCHEMA_PATH);

function company(n: string): string | null {
  return detectCarrier(n)?.company ?? null;
}

describe('detectCarrier: carriers from the number format', () => {
  it('detects the STACK.md examples', () => {
    expect(detectCarrier('1Z999AA10123456784')).toEqual({
      company: 'UPS',
      source: 'format',
      courier: 'ups',
      reason: '1Z… number with a valid check digit: UPS',
    });
    expect(detectCarrier('RA123456785BR')).toEqual({
      company: 'Correios',
      source: 'format',
      courier: 's10',
      reason: "UPU S10 number ending in BR (Brazil) with a valid check digit: Correios (Brazil's postal operator)",
    });
  });

  it('detects UPS (1Z and waybill numbers)', () => {
    expect(company('1Z5R89390357567127')).toBe('UPS');
    expect(company('1Z879E930346834440')).toBe('UPS');
    expect(company('K1506235620')).toBe('UPS');
  });

  it('detects USPS numbers with a valid check digit and rejects a wrong one', () => {
    expect(company('9400111202555842332669')).toBe('USPS');
    expect(company('9400111899223197428497')).toBe('USPS');
    expect(detectCarrier('9400111899223197428490')).toBeNull(); // last digit should be 7
    expect(company('7112 3456 7891 2345 6787')).toBe('USPS');
    expect(company('4201002334249200190132607600833457')).toBe('USPS');
    expect(company('420 22153 9101026837331000039521')).toBe('USPS');
  });

  it('detects FedEx formats, including SmartPost numbers that look like USPS ones', () => {
    expect(company('986578788855')).toBe('FedEx');
    expect(company('1001921334250001000300779017972697')).toBe('FedEx');
    expect(company('9261292700768711948021')).toBe('FedEx');
    expect(company('61299998820821171811')).toBe('FedEx');
    expect(company('0414 4176 0228 964')).toBe('FedEx');
    expect(company('9611020987654312345672')).toBe('FedEx');
    expect(company('9622001900000000000000776632517510')).toBe('FedEx');
    expect(detectCarrier('996578788855')).toBeNull();
  });

  it('detects DHL Express waybills and warns that short all-digit formats can be wrong', () => {
    const d = detectCarrier('3318810025');
    expect(d?.company).toBe('DHL Express');
    expect(d?.courier).toBe('dhl');
    expect(d?.reason).toMatch(/mod 7\): DHL Express/);
    expect(d?.reason).toMatch(/set tracking_company if it is wrong/);
    expect(company('73891051146')).toBe('DHL Express');
    expect(detectCarrier('3318810034')).toBeNull();
    // A long check-digit format gets no such caveat.
    expect(detectCarrier('1Z999AA10123456784')?.reason).not.toMatch(/tracking_company/);
  });

  it('detects Amazon, OnTrac and DHL eCommerce (GM) numbers', () => {
    expect(company('TBA502887274000')).toBe('Amazon');
    expect(company('C11031500001879')).toBe('OnTrac');
    expect(company('D10011354453707')).toBe('OnTrac');
    expect(company('GM2951173225174494')).toBe('DHL eCommerce');
  });

  it('does not guess from formats that have no check digit and a generic shape', () => {
    expect(detectCarrier('C1004444443')).toBeNull(); // library: "Amazon International"
    expect(detectCarrier('JJD0099999999')).toBeNull(); // library: "DHL Express (Piece ID)"
    expect(detectCarrier('CN12345678901234')).toBeNull(); // library: "DHL E-Commerce", CN prefix
  });
});

describe('detectCarrier: UPU S10 numbers name the country’s postal operator', () => {
  it.each([
    ['RA123456785BR', 'Correios'],
    ['LB473124829BR', 'Correios'],
    ['CP000123455CA', 'Canada Post'],
    ['RR987654326GB', 'Royal Mail'],
    ['EC555123881US', 'USPS'],
    ['LX301264744AU', 'Australia Post'],
    ['CX203040503DE', 'Deutsche Post'],
    ['RB123456785JP', 'Japan Post (EN)'],
    ['RB123456785SE', 'PostNord SE'],
    ['RB123456785NO', 'Bring'],
    ['RB123456785AT', 'Österreichische Post'],
    ['RB123456785PT', 'CTT'],
    ['RB123456785IE', 'An Post'],
  ])('%s → %s', (n, expected) => {
    const d = detectCarrier(n);
    expect(d?.company).toBe(expected);
    expect(d?.courier).toBe('s10');
  });

  it('explains the suffix and the country in the reason', () => {
    expect(detectCarrier('CP000123455CA')?.reason).toBe(
      "UPU S10 number ending in CA (Canada) with a valid check digit: Canada Post (Canada's postal operator)",
    );
  });

  it('returns null for a wrong check digit', () => {
    expect(detectCarrier('RA123456786BR')).toBeNull();
    expect(detectCarrier('RR987654321GB')).toBeNull();
  });

  it('returns null when the country’s operator has no Shopify name, instead of guessing', () => {
    expect(detectCarrier('RA123456785MX')).toBeNull(); // Correos de México
    expect(detectCarrier('RB102030405FI')).toBeNull(); // Posti (Finland) is not PostNord
    expect(detectCarrier('RB123456785XX')).toBeNull(); // not a country
  });
});

describe('detectCarrier: input handling', () => {
  it('tolerates whitespace, hyphens and lower case', () => {
    expect(company('  1z999aa10123456784\n')).toBe('UPS');
    expect(company('ra 123 456 785 br')).toBe('Correios');
    expect(company('9400-1112-0255-5842-3326-69')).toBe('USPS');
    expect(company('9400 1112 0255 5842 3326 69')).toBe('USPS');
    expect(normaliseTrackingNumber(' ra-123 456\t785–br ')).toBe('RA123456785BR');
  });

  it('returns null for garbage and empty input', () => {
    for (const junk of ['', '   ', 'hello world', 'not-a-number', '1Z999AA1012345678!', '12345', 'ORDER#1001', '9'.repeat(500)]) {
      expect(detectCarrier(junk)).toBeNull();
    }
  });

  it('only ever returns names from Shopify’s list', () => {
    const samples = ['1Z999AA10123456784', 'K1506235620', '9400111202555842332669', '986578788855', '3318810025',
      'TBA502887274000', 'C11031500001879', 'GM2951173225174494', 'RA123456785BR', 'RB123456785TR', 'RB123456785BF'];
    for (const n of samples) {
      const d = detectCarrier(n);
      expect(d, n).not.toBeNull();
      expect(SHOPIFY_TRACKING_COMPANIES).toContain(d?.company);
    }
  });
});

describe('normaliseCompany', () => {
  it.each([
    ['ups', 'UPS'],
    ['UPS', 'UPS'],
    ['dhl express', 'DHL Express'],
    ['DHL-Express', 'DHL Express'],
    ['canada post', 'Canada Post'],
    ['  Royal   Mail ', 'Royal Mail'],
    ['fedex', 'FedEx'],
    ['Fed Ex', 'FedEx'],
    ['LaserShip', 'Lasership'],
    ['bpost', 'BPost'],
    ['japan post (en)', 'Japan Post (EN)'],
    ['osterreichische post', 'Österreichische Post'],
    ['lietuvos pastas', 'Lietuvos Paštas'],
    ['postnord se', 'PostNord SE'],
    ['usps', 'USPS'],
    ['correios', 'Correios'],
    ['西濃運輸', '西濃運輸'],
  ])('%j → %j', (input, expected) => {
    expect(normaliseCompany(input)).toBe(expected);
  });

  it('keeps carriers that only differ by a word apart', () => {
    expect(normaliseCompany('dhl')).toBe('DHL');
    expect(normaliseCompany('dhl ecommerce')).toBe('DHL eCommerce');
    expect(normaliseCompany('dhl ecommerce asia')).toBe('DHL eCommerce Asia');
    expect(normaliseCompany('CTT express')).toBe('CTT Express');
  });

  it('returns null for names Shopify does not know (callers pass those through)', () => {
    expect(normaliseCompany('My Local Courier')).toBeNull();
    expect(normaliseCompany('Japan Post')).toBeNull(); // ambiguous: (EN) or (JA)
    expect(normaliseCompany('United States Postal Service')).toBeNull();
    expect(normaliseCompany('')).toBeNull();
    expect(normaliseCompany(' - ')).toBeNull();
  });

  it('gives every Shopify name its own key (no two names collapse together)', () => {
    expect(new Set(SHOPIFY_TRACKING_COMPANIES).size).toBe(SHOPIFY_TRACKING_COMPANIES.length);
    for (const name of SHOPIFY_TRACKING_COMPANIES) expect(normaliseCompany(name)).toBe(name);
  });
});

describe.skipIf(!hasSchema)('SHOPIFY_TRACKING_COMPANIES matches the Admin 2026-07 schema', () => {
  // Skipped when ../shared is absent: the schema is read from there, never copied into the repo.
  function schemaCompanyList(): string[] {
    const sdl = readFileSync(SCHEMA_PATH, 'utf8');
    const start = sdl.indexOf('type FulfillmentTrackingInfo {');
    const section = sdl.slice(start, sdl.indexOf('company: String', start));
    const names: string[] = [];
    for (const line of section.split('\n')) {
      const plain = /^\s+\* (?!\*)(.+?)\s*$/.exec(line);
      if (plain?.[1]) { names.push(plain[1]); continue; }
      const perCountry = /^\s+\* \*\*[^*]+\*\*: (.+?)\.?\s*$/.exec(line);
      if (perCountry?.[1]) names.push(...perCountry[1].split(', '));
    }
    return [...new Set(names)];
  }

  it('has exactly the names in the schema’s “Supported tracking companies” list', () => {
    const fromSchema = schemaCompanyList();
    expect(fromSchema.length).toBeGreaterThan(100);
    expect([...SHOPIFY_TRACKING_COMPANIES].sort()).toEqual(fromSchema.sort());
  });
});

if (!hasSchema) {
  describe('SHOPIFY_TRACKING_COMPANIES matches the Admin 2026-07 schema', () => {
    it.skip(`skipped: ${SCHEMA_PATH} not found (../shared is not checked out next to the repo)`, () => {});
  });
}
