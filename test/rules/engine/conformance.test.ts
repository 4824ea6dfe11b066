/**
 * The official JsonLogic test suite (../shared/jsonlogic/tests.json) through flowfill's evaluator.
 * Evaluation only: the suite reads arbitrary variables, which rule validation would refuse.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ruleEngine } from '../../../src/rules/engine';
import { SHARED_DIR } from '../../helpers/shared';

// The app's own engine is what must agree with json-logic-js.
const { applyLogic } = ruleEngine;

const SUITE = resolve(SHARED_DIR, 'jsonlogic/tests.json');
const hasSuite = existsSync(SUITE);
type Case = [logic: unknown, data: unknown, expected: unknown];

const cases: Array<{ section: string; test: Case }> = [];
if (hasSuite) {
  let section = '(start)';
  // Strings in the suite are section headings; everything else is [logic, data, expected].
  for (const entry of JSON.parse(readFileSync(SUITE, 'utf8')) as unknown[]) {
    if (typeof entry === 'string') section = entry.replace(/^#\s*/, '');
    else cases.push({ section, test: entry as Case });
  }
}

const title = hasSuite
  ? 'JsonLogic conformance suite'
  : `JsonLogic conformance suite skipped: ../shared/jsonlogic/tests.json is absent (expected at ${SUITE})`;

describe.skipIf(!hasSuite)(title, () => {
  it('has the 277 cases the issue counts', () => {
    expect(cases).toHaveLength(277);
  });

  it.each(cases.map(({ section, test }, i) => [i + 1, section, JSON.stringify(test[0]), test] as const))(
    '#%i %s: %s',
    (_n, _section, _logic, [logic, data, expected]) => {
      expect(applyLogic(logic, data)).toStrictEqual(expected);
    },
  );
});
