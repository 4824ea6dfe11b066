// A tracking-number corpus built from the formats' published rules, independent of the
// detection code: per courier, published example numbers and numbers generated here (with
// check digits computed by the implementations below), each with the contexts a real
// shipment of that courier has; and invalid numbers (wrong check digit, wrong prefix,
// wrong length) that no published format accepts.
//
// Sources: jkeen/tracking_number_data (couriers/*.json: rules and test numbers), USPS
// Publication 199 / Parcel Labeling Guide (IMpb), DPD's parcel label specification
// (ISO 7064 MOD 37,36), UPU S10, Parcelforce's and DHL's tracking-ID pages.
import type { DetectionContext } from '../../../src/actions/add-tracking/carrier';

export interface CorpusRow {
  /** Table row: courier (and format). */
  readonly courier: string;
  /** Valid numbers, with the companies a correct answer may name (usually one). */
  readonly valid: readonly { readonly number: string; readonly companies: readonly string[]; readonly source: 'published' | 'generated' }[];
  /** Realistic shipment contexts for this courier (may be empty); each valid number is also tried without context. */
  readonly contexts: readonly DetectionContext[];
  /** Numbers that are no published format's: naming any company for them is wrong. */
  readonly invalid: readonly string[];
}

// ---------------------------------------------------------------------------------------
// Deterministic randomness (mulberry32), so the table is the same on every run.

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = rng(20260707);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const digits = (count: number): string => Array.from({ length: count }, () => String(Math.floor(random() * 10))).join('');
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const alnum = (count: number): string => Array.from({ length: count }, () => pick([...`0123456789${LETTERS}`])).join('');

// ---------------------------------------------------------------------------------------
// Check digits, written from the published descriptions (not the module's code).

/** GS1 / USPS / Canada Post / FedEx Ground: weights 3,1,… from the right of the payload. */
function gs1(payload: string): string {
  let sum = 0;
  [...payload].reverse().forEach((c, i) => (sum += Number(c) * (i % 2 === 0 ? 3 : 1)));
  return String((10 - (sum % 10)) % 10);
}

/** UPS / OnTrac: letters A=2 … (alphabet index + 2 mod 10), every second value doubled. */
function upsCheck(payload: string): string {
  const value = (c: string) => (/\d/.test(c) ? Number(c) : (LETTERS.indexOf(c) + 2) % 10);
  const sum = [...payload].reduce((s, c, i) => s + value(c) * (i % 2 ? 2 : 1), 0);
  return String((10 - (sum % 10)) % 10);
}

/** FedEx: weights 1,3,7 from the right, sum mod 11 mod 10. */
function fedexCheck(payload: string): string {
  const w = [1, 3, 7];
  const sum = [...payload].reverse().reduce((s, c, i) => s + Number(c) * w[i % 3]!, 0);
  return String((sum % 11) % 10);
}

function luhnCheck(payload: string): string {
  const sum = [...payload].reverse().reduce((s, c, i) => {
    const d = Number(c) * (i % 2 === 0 ? 2 : 1);
    return s + (d > 9 ? d - 9 : d);
  }, 0);
  return String((10 - (sum % 10)) % 10);
}

const mod7Check = (payload: string): string => String(BigInt(payload) % 7n);

function s10Check(serial: string): string {
  const w = [8, 6, 4, 2, 3, 5, 9, 7];
  const r = 11 - ([...serial].reduce((s, c, i) => s + Number(c) * w[i]!, 0) % 11);
  return String(r === 10 ? 0 : r === 11 ? 5 : r);
}

/** ISO/IEC 7064 MOD 37,36 (hybrid system, M = 36) as in DPD's label specification. */
function mod3736Check(payload: string): string {
  const alphabet = `0123456789${LETTERS}`;
  let product = 36;
  for (const c of payload) {
    let sum = (product + alphabet.indexOf(c)) % 36;
    if (sum === 0) sum = 36;
    product = (sum * 2) % 37;
  }
  return alphabet[(37 - product) % 36]!;
}

// ---------------------------------------------------------------------------------------
// Every published format with a check digit or a carrier's own prefix, for telling
// "invalid" numbers apart: a mutation that one of them accepts is a valid number of that
// format, not an invalid one. (Shapes with neither, such as Parcelforce's 12 plain
// digits, accept nearly anything and no detector may name them, so they do not count.)

const ORACLE: readonly ((n: string) => boolean)[] = [
  (n) => /^1Z[0-9A-Z]{15}\d$/.test(n) && upsCheck(n.slice(2, 17)) === n[17],
  (n) => /^[AHJKTV]\d{10}$/.test(n) && upsCheck(n.slice(1, 10)) === n[10],
  (n) => impbPics(n).some((pic) => gs1(pic.slice(0, -1)) === pic.slice(-1)),
  (n) => /^\d{20}$/.test(n) && [n, `91${n}`, `92${n}`].some((x) => gs1(x.slice(0, -1)) === x.slice(-1)),
  (n) => /^\d{12}$/.test(n) && fedexCheck(n.slice(0, -1)) === n.slice(-1),
  (n) => /^[0-5]\d{11}$/.test(n) && luhnCheck(n.slice(0, -1)) === n.slice(-1),
  (n) => /^\d{15}$/.test(n) && gs1(n.slice(0, -1)) === n.slice(-1),
  (n) => /^96\d{20}$/.test(n) && gs1(n.slice(7, 21)) === n[21],
  (n) => /^(96|10)\d{32}$/.test(n) && fedexCheck(n.slice(20, 33)) === n[33],
  (n) => /^(00)?\d{18}$/.test(n) && gs1(n.slice(0, -1)) === n.slice(-1),
  (n) => /^\d{16}$/.test(n) && gs1(n.slice(0, -1)) === n.slice(-1),
  (n) => /^[CDKLSUXZ]\d{21}$/.test(n),
  (n) => /^\d{10,11}$/.test(n) && mod7Check(n.slice(0, -1)) === n.slice(-1),
  (n) => /^GM\d{10,22}$/.test(n),
  (n) => /^(\d{14}|\d{27})[0-9A-Z]$/.test(n) && mod3736Check(n.slice(0, -1)) === n.slice(-1),
  (n) => /^J?JD0002\d{12}$/.test(n),
  (n) => /^TBA\d{12}$/.test(n),
  (n) => /^[CD]\d{14}$/.test(n) && upsCheck(`${n[0] === 'C' ? 4 : 5}${n.slice(1, 14)}`) === n[14],
  (n) => n.startsWith('1LS7'),
  (n) => /^((77[78]|072)\d{8}|80\d{9})$/.test(n) && luhnCheck(n.slice(0, -1)) === n.slice(-1),
  (n) => /^YT\d{16}$/.test(n),
  (n) => /^[A-Z]{2}\d{9}[A-Z]{2}$/.test(n) && s10Check(n.slice(2, 10)) === n[10],
];

/** USPS IMpb PICs inside a number: 9[1-5] + 20 or 24 digits, after nothing or 420 + ZIP / ZIP+4. */
function impbPics(n: string): string[] {
  if (!/^\d+$/.test(n)) return [];
  const ok = (pic: string) =>
    /^9[1-5]\d+$/.test(pic) &&
    (pic.length === 22 || pic.length === 26) &&
    (pic.startsWith('92') ? pic[5] === '9' : pic.startsWith('93') ? pic[5] !== '9' : true);
  return [n, ...(n.startsWith('420') ? [n.slice(8), n.slice(12)] : [])].filter(ok);
}

export const isPublishedFormat = (n: string): boolean => ORACLE.some((test) => test(n));

// ---------------------------------------------------------------------------------------
// Invalid numbers from valid ones.

function otherDigit(c: string): string[] {
  return [...'0123456789'].filter((d) => d !== c);
}

/** Wrong check digit (last char), wrong prefix and wrong length, kept only when no format accepts them. */
function invalidFrom(valid: string, prefix: (n: string) => string, checkAt = valid.length - 1): string[] {
  const out: string[] = [];
  const wrongCheck = otherDigit(valid[checkAt]!)
    .map((d) => valid.slice(0, checkAt) + d + valid.slice(checkAt + 1))
    .find((n) => !isPublishedFormat(n));
  if (wrongCheck) out.push(wrongCheck);
  const wrongPrefix = prefix(valid);
  if (!isPublishedFormat(wrongPrefix)) out.push(wrongPrefix);
  for (const wrongLength of [valid.slice(0, -1), `${valid}7`]) {
    if (!isPublishedFormat(wrongLength)) {
      out.push(wrongLength);
      break;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// The rows.

const COUNT = 60;
const times = <T>(make: () => T): T[] => Array.from({ length: COUNT }, make);

function row(
  courier: string,
  companies: readonly string[],
  contexts: readonly DetectionContext[],
  published: readonly string[],
  generate: () => string,
  wrongPrefix: (n: string) => string,
  checkAt?: (n: string) => number,
): CorpusRow {
  const generated = times(generate);
  const valid = [
    ...published.map((number) => ({ number, companies, source: 'published' as const })),
    ...generated.map((number) => ({ number, companies, source: 'generated' as const })),
  ];
  const invalid = generated.slice(0, 20).flatMap((n) => invalidFrom(n, wrongPrefix, checkAt?.(n)));
  return { courier, valid, contexts, invalid };
}

const withCheck = (payload: string, check: (p: string) => string) => payload + check(payload);
const replacePrefix = (n: string, length: number, by: string) => by + n.slice(length);

function impb(): string {
  const ai = pick(['91', '92', '93', '94', '95']);
  const long = ai !== '91' && random() < 0.3;
  let pic: string;
  if (ai === '91') pic = withCheck(`91${digits(2)}${digits(9)}${digits(8)}`, gs1);
  else if (ai === '92') pic = withCheck(`92${digits(3)}9${digits(8)}${digits(long ? 11 : 7)}`, gs1);
  else if (ai === '93') pic = withCheck(`93${digits(3)}${pick([...'012345678'])}${digits(5)}${digits(long ? 14 : 10)}`, gs1);
  else pic = withCheck(`${ai}${digits(long ? 23 : 19)}`, gs1);
  const routing = pick(['', `420${digits(5)}`, `420${digits(9)}`]);
  return routing + pic;
}

const S10_NAMED: Readonly<Record<string, string>> = {
  AT: 'Österreichische Post',
  AU: 'Australia Post',
  BE: 'BPost',
  BR: 'Correios',
  CA: 'Canada Post',
  CH: 'Swiss Post',
  CN: 'China Post',
  DE: 'Deutsche Post',
  DK: 'PostNord DK',
  ES: 'Correos',
  FR: 'Colissimo',
  GB: 'Royal Mail',
  IE: 'An Post',
  IL: 'Israel Post',
  IN: 'India Post',
  IS: 'Iceland Post',
  IT: 'Poste Italiane',
  JP: 'Japan Post (EN)',
  LT: 'Lietuvos Paštas',
  NL: 'PostNL',
  NO: 'Bring',
  NZ: 'New Zealand Post',
  PT: 'CTT',
  SE: 'PostNord SE',
  SG: 'Singapore Post',
  TR: 'PTT',
  US: 'USPS',
};
// Service indicators whose items another Shopify company may have issued (EMS / parcels).
const S10_ALSO: Readonly<Record<string, { indicators: RegExp; company: string }>> = {
  GB: { indicators: /^[EC]/, company: 'Parcelforce' },
  FR: { indicators: /^E/, company: 'Chronopost' },
  PT: { indicators: /^E/, company: 'CTT Express' },
};
const S10_INDICATORS = ['RA', 'RB', 'RR', 'LX', 'LB', 'CP', 'CX', 'EA', 'EE', 'UA', 'VV', 'HA'];

function s10(suffix: string): string {
  const serial = digits(8);
  return `${pick(S10_INDICATORS)}${serial}${s10Check(serial)}${suffix}`;
}

function s10Row(): CorpusRow {
  const valid: CorpusRow['valid'][number][] = [
    'RA123456785BR',
    'LB473124829BR',
    'CP000123455CA',
    'RR987654326GB',
    'EC555123881US',
    'RB123456785GB',
    'RB123456785US',
  ].map((number) => ({
    number,
    companies: [S10_NAMED[number.slice(-2)]!],
    source: 'published' as const,
  }));
  for (const [suffix, company] of Object.entries(S10_NAMED)) {
    for (let i = 0; i < 6; i++) {
      const number = s10(suffix);
      const also = S10_ALSO[suffix];
      valid.push({ number, companies: also?.indicators.test(number) ? [company, also.company] : [company], source: 'generated' });
    }
  }
  const invalid = valid.slice(7, 60).flatMap((v) => invalidFrom(v.number, (n) => `${n.slice(0, 2)}${n.slice(2, 11)}1${n.slice(-2)}`, 10));
  // The suffix, not the shop, says whose an S10 number is: tried without context only.
  return { courier: 'UPU S10, operators on Shopify’s list', valid, contexts: [], invalid };
}

/** Valid S10 numbers whose operator has no Shopify name (or no tracking page): a named answer is wrong. */
function s10UnlistedRow(): CorpusRow {
  const suffixes = ['MX', 'FI', 'HK', 'KR', 'PL', 'CZ', 'GR', 'RU', 'CY', 'LV', 'BF', 'XX'];
  const valid = suffixes.flatMap((suffix) =>
    Array.from({ length: 5 }, () => ({ number: s10(suffix), companies: [] as string[], source: 'generated' as const })),
  );
  return { courier: 'UPU S10, other operators (must stay unnamed)', valid, contexts: [], invalid: [] };
}

const US: DetectionContext = { originCountry: 'US', destinationCountry: 'US' };
const CA: DetectionContext = { originCountry: 'CA', destinationCountry: 'CA' };
const GB: DetectionContext = { originCountry: 'GB', destinationCountry: 'GB' };

function perContext(
  courier: string,
  cases: readonly { context: DetectionContext; company: string }[],
  published: readonly string[],
  generate: () => string,
  wrongPrefix: (n: string) => string,
): CorpusRow[] {
  // One row per context, because the right company depends on where the parcel ships from.
  return cases.map(({ context, company }) => ({
    ...row(`${courier} from ${context.originCountry ?? '?'}`, [company], [context], published, generate, wrongPrefix),
  }));
}

export function buildCorpus(): CorpusRow[] {
  return [
    row(
      'UPS 1Z',
      ['UPS'],
      [US, CA, GB, { originCountry: 'DE' }],
      ['1Z5R89390357567127', '1Z879E930346834440', '1Z410E7W0392751591', '1Z8V92A70367203024', '1ZXX3150YW44070023', '1Z999AA10123456784'],
      () =>
        withCheck(`1Z${alnum(6)}${pick(['01', '02', '03', '12', '13', '15', '42', 'A8', 'YW'])}${digits(7)}`, (n) => upsCheck(n.slice(2))),
      (n) => replacePrefix(n, 2, '1Y'),
    ),
    row(
      'USPS IMpb (91–95, with or without 420 + ZIP)',
      ['USPS'],
      [US, { originCountry: 'US', destinationCountry: 'CA' }, { originCountry: 'CA', destinationCountry: 'US' }],
      [
        '420221539101026837331000039521',
        '9505511069605048600624',
        '9101123456789000000013',
        '92748931507708513018050063',
        '92001903060085300042901077',
        '9400111201080805483016',
        '9361289878700317633795',
        '9405803699300124287899',
        '4201002334249200190132607600833457',
        '4201028200009261290113185417468510',
        '9261292700768711948021',
        '42011213926129098349792366623 8'.replace(' ', ''),
        '9400111202555842332669',
        '9400111899223197428497',
      ],
      impb,
      (n) => n.replace(/9([1-5])(\d{20}|\d{24})$/, (_m, _ai, rest: string) => `97${rest}`),
    ),
    row(
      'USPS 20-digit',
      ['USPS'],
      [US],
      ['03071790000523483741', '71123456789123456787', '71969010756003077385'],
      () => {
        const payload = `${pick(['70', '71', '73', '77', '81'])}${digits(17)}`;
        return random() < 0.5 ? withCheck(payload, gs1) : payload + gs1(`91${payload}`).slice(-1);
      },
      (n) => replacePrefix(n, 2, '00'),
    ),
    row(
      'FedEx Express 12-digit',
      ['FedEx'],
      [US, CA, { originCountry: 'US', destinationCountry: 'GB' }],
      ['986578788855', '477179081230', '799531274483', '790535312317', '974367662710'],
      () => withCheck(`${pick(['7', '7', '7', '4', '5', '3', '6', '8', '9'])}${digits(10)}`, fedexCheck),
      (n) => `${n}1`.slice(1),
    ),
    row(
      'FedEx Ground 15-digit',
      ['FedEx'],
      [US, CA],
      ['041441760228964', '568283610012000', '568283610012734'],
      () => withCheck(digits(14), gs1),
      (n) => n.slice(0, 14),
    ),
    row(
      'FedEx barcodes (96… 22/34, 10… 34)',
      ['FedEx'],
      [US, CA],
      [
        '9611020987654312345672',
        '9622001900000000000000776632517510',
        '9622001560000000000000794808390594',
        '9632001560123456789900794808390594',
        '1001921334250001000300779017972697',
        '1001921380360001000300639585804382',
        '1002297871540001000300790695517286',
      ],
      () => {
        const kind = pick(['96-22', '96-34', '10-34']);
        if (kind === '96-22') {
          const head = `96${digits(5)}`;
          return head + withCheck(digits(14), gs1);
        }
        return withCheck(`${kind.slice(0, 2)}${digits(31)}`, (p) => fedexCheck(p.slice(-13)));
      },
      (n) => replacePrefix(n, 2, '97'),
    ),
    row(
      'Canada Post 16-digit PIN',
      ['Canada Post'],
      [CA, { originCountry: 'CA', destinationCountry: 'US' }],
      ['0073938000549297'],
      () => withCheck(`${digits(7)}${digits(8)}`, gs1),
      (n) => n.slice(1),
    ),
    row(
      'Canada Post S10 (…CA)',
      ['Canada Post'],
      [CA],
      ['CP000123455CA'],
      () => s10('CA'),
      (n) => `${n.slice(0, -2)}CB`.replace(/CB$/, 'QQ'),
    ),
    ...perContext(
      'Purolator 12-digit PIN',
      [
        { context: CA, company: 'Purolator' },
        { context: { originCountry: 'US', destinationCountry: 'CA' }, company: 'Purolator' },
      ],
      ['320595463938', '320606146993', '287809468872', '320610804900', '331426749957', '331434972567'],
      () => withCheck(`${pick([...'012345'])}${digits(10)}`, luhnCheck),
      (n) => `9${n.slice(1)}`,
    ),
    row(
      'Canpar',
      ['Canpar'],
      [CA, { originCountry: 'CA', destinationCountry: 'US' }],
      ['D576002440000001718010', 'D576002440000001428004', 'D576002440000002496001', 'L576002440000000001004', 'S576002440000000025001'],
      () => `${pick([...'CDKLSUXZ'])}${digits(18)}00${pick([...'1234'])}`,
      (n) => `M${n.slice(1)}`,
    ),
    ...perContext(
      'DPD parcel number / barcode',
      [
        { context: { originCountry: 'DE', destinationCountry: 'DE' }, company: 'DPD' },
        { context: { originCountry: 'FR', destinationCountry: 'DE' }, company: 'DPD' },
        { context: { originCountry: 'IE', destinationCountry: 'IE' }, company: 'DPD Ireland' },
      ],
      ['09980000020033F', '09980000020034D', '008182709980000020033350276C', '008182709980000020045327276N'],
      () =>
        random() < 0.6
          ? withCheck(digits(14), mod3736Check)
          : withCheck(`${digits(7)}${digits(14)}${pick(['101', '136', '154', '350'])}${pick(['276', '250', '528', '372'])}`, mod3736Check),
      (n) => n.slice(0, -1),
    ),
    row(
      'DPD from the UK (DPD UK or DPD Local: stays unnamed)',
      ['DPD UK', 'DPD Local'],
      [GB],
      ['09980000020033F'],
      () => withCheck(digits(14), mod3736Check),
      (n) => n.slice(0, -1),
    ),
    row(
      'Yodel (JD0002…)',
      ['Yodel'],
      [GB],
      ['JD0002242617644732', 'JD0002254405060992'],
      () => `JD0002${digits(12)}`,
      (n) => `JC${n.slice(2)}`,
    ),
    row(
      'Yodel (JJD0002…, shared with DHL licence plates)',
      ['Yodel'],
      [GB],
      ['JJD0002257639032011', 'JJD0002255380054291'],
      () => `JJD0002${digits(12)}`,
      (n) => `JJC${n.slice(3)}`,
    ),
    row(
      'YunExpress',
      ['YunExpress'],
      [{ originCountry: 'CN', destinationCountry: 'US' }, US],
      ['YT2229521272164446', 'YT2229521272164447'],
      () => `YT${digits(16)}`,
      (n) => `YU${n.slice(2)}`,
    ),
    row(
      'Amazon Logistics (TBA…) from the US',
      ['Amazon'],
      [US, { originCountry: 'CA', destinationCountry: 'CA' }],
      ['TBA502887274000', 'TBA000000000000', 'TBA010000000000'],
      () => `TBA${digits(12)}`,
      (n) => `TBB${n.slice(3)}`,
    ),
    row(
      'Amazon Logistics (TBA…) from the UK',
      ['Amazon Logistics UK'],
      [GB],
      ['TBA502887274000'],
      () => `TBA${digits(12)}`,
      (n) => `TBB${n.slice(3)}`,
    ),
    row(
      'OnTrac (C…, D…)',
      ['OnTrac'],
      [US],
      ['C11031500001879', 'C10999911320231', 'C11121552953069', 'C11121553156000', 'D10011354453707', 'D10011345983010', 'D10011342332145'],
      () => {
        const letter = pick(['C', 'D']);
        const serial = digits(13);
        return `${letter}${serial}${upsCheck(`${letter === 'C' ? 4 : 5}${serial}`)}`;
      },
      (n) => `E${n.slice(1)}`,
    ),
    row(
      'LaserShip (1LS…)',
      ['Lasership'],
      [US],
      ['1LS717793482164', '1LS724505321754', '1LS7119013618127-1'],
      () =>
        random() < 0.5 ? `1LS7${pick(['1', '2'])}${digits(10)}` : `1LS7${pick(['1', '2'])}${digits(2)}01${pick([...'1234'])}${digits(6)}-1`,
      (n) => `1LT${n.slice(3)}`,
    ),
    row(
      'DHL eCommerce (GM…)',
      ['DHL eCommerce'],
      [US, { originCountry: 'CA', destinationCountry: 'US' }],
      ['GM2951173225174494', 'GM295117494011169042'],
      () => `GM${digits(pick([16, 18, 20]))}`,
      (n) => `GN${n.slice(2)}`,
    ),
    row(
      'DHL Express waybill (10/11 digits: stays unnamed)',
      ['DHL Express'],
      [{ originCountry: 'DE', destinationCountry: 'US' }, US, GB],
      ['3318810025', '8487135506', '1099255990', '3821724944', '3318810036', '3318810014', '73891051146'],
      () => withCheck(digits(pick([9, 10])), mod7Check),
      (n) => `${n}00`.slice(0, n.length + 2),
    ),
    row(
      'Old Dominion PRO (stays unnamed)',
      ['Old Dominion'],
      [US],
      ['07209562763', '77767553207', '77806528897', '80003280379', '80993847369'],
      () => withCheck(pick(['072', '777', '778']) + digits(7), luhnCheck),
      (n) => `9${n.slice(1)}`,
    ),
    s10Row(),
    s10UnlistedRow(),
  ];
}
