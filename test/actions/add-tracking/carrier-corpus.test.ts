import { describe, expect, it } from 'vitest';
import { detectCarrier, type DetectionContext } from '../../../src/actions/add-tracking/carrier';
import { buildCorpus, isPublishedFormat, type CorpusRow } from './carrier-corpus';

interface Tally {
  named: number;
  unnamed: number;
  wrong: number;
}

interface RowResult {
  readonly courier: string;
  readonly numbers: number;
  readonly withContext: Tally | null;
  readonly noContext: Tally;
  readonly invalid: Tally;
  readonly wrongCases: string[];
}

const tally = (): Tally => ({ named: 0, unnamed: 0, wrong: 0 });

function measure(row: CorpusRow): RowResult {
  const withContext = row.contexts.length > 0 ? tally() : null;
  const noContext = tally();
  const invalid = tally();
  const wrongCases: string[] = [];
  const judge = (t: Tally, number: string, allowed: readonly string[], context?: DetectionContext) => {
    const d = detectCarrier(number, context);
    if (d.company === null) t.unnamed++;
    else if (allowed.includes(d.company)) t.named++;
    else {
      t.wrong++;
      wrongCases.push(`${number} ${JSON.stringify(context ?? {})} → ${d.company} (${d.reason})`);
    }
  };
  for (const v of row.valid) {
    for (const context of row.contexts) judge(withContext!, v.number, v.companies, context);
    judge(noContext, v.number, v.companies);
  }
  for (const n of row.invalid) {
    for (const context of [...row.contexts, undefined]) judge(invalid, n, [], context);
  }
  return { courier: row.courier, numbers: row.valid.length, withContext, noContext, invalid, wrongCases };
}

const cell = (t: Tally | null): string => (t ? `${t.named} / ${t.unnamed} / ${t.wrong}` : '—');

/** The per-courier table, as docs/carriers.md shows it. */
function table(results: readonly RowResult[]): string {
  const lines = [
    '| courier | valid numbers | with context: named / unnamed / wrong | no context: named / unnamed / wrong | invalid: named (wrong) / unnamed |',
    '|---|---:|---|---|---|',
    ...results.map(
      (r) => `| ${r.courier} | ${r.numbers} | ${cell(r.withContext)} | ${cell(r.noContext)} | ${r.invalid.wrong} / ${r.invalid.unnamed} |`,
    ),
  ];
  const sum = (pick: (r: RowResult) => Tally | null) =>
    results.reduce((t, r) => {
      const x = pick(r);
      return x ? { named: t.named + x.named, unnamed: t.unnamed + x.unnamed, wrong: t.wrong + x.wrong } : t;
    }, tally());
  const inv = sum((r) => r.invalid);
  lines.push(
    `| **all** | ${results.reduce((n, r) => n + r.numbers, 0)} | ${cell(sum((r) => r.withContext))} | ${cell(sum((r) => r.noContext))} | ${inv.wrong} / ${inv.unnamed} |`,
  );
  return lines.join('\n');
}

describe('carrier corpus (published rules, independent check digits)', () => {
  const corpus = buildCorpus();
  const results = corpus.map(measure);

  it('prints the per-courier table', () => {
    console.log(
      `\nCarrier detection corpus (valid numbers are tried in each realistic context and without one; each cell counts tries)\n${table(results)}\n`,
    );
    expect(results.length).toBeGreaterThan(20);
  });

  it('never names a wrong company: not for a valid number, not for an invalid one', () => {
    const wrong = results.flatMap((r) => r.wrongCases);
    expect(wrong).toEqual([]);
  });

  it('has invalid numbers that no published format accepts, for every courier with a check digit or prefix', () => {
    for (const row of corpus) for (const n of row.invalid) expect(isPublishedFormat(n), n).toBe(false);
    const withInvalid = corpus.filter((r) => r.invalid.length > 0).length;
    expect(withInvalid).toBeGreaterThan(20);
  });

  it('names the couriers whose formats allow it, in their realistic contexts', () => {
    // Not a target to tune to: a floor, so a regression that stops naming a courier shows.
    const named = (courier: string) => results.find((r) => r.courier === courier)!;
    for (const courier of [
      'UPS 1Z',
      'USPS IMpb (91–95, with or without 420 + ZIP)',
      'Canada Post S10 (…CA)',
      'OnTrac (C…, D…)',
      'LaserShip (1LS…)',
      'YunExpress',
    ]) {
      const r = named(courier);
      expect(r.withContext!.named, courier).toBe(r.numbers * corpus.find((c) => c.courier === courier)!.contexts.length);
    }
    expect(named('DHL Express waybill (10/11 digits: stays unnamed)').withContext!.named).toBe(0);
    expect(named('UPU S10, other operators (must stay unnamed)').noContext.named).toBe(0);
  });
});
