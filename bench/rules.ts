/**
 * Rules benchmark (`npm run bench:rules`): the three worked examples of docs/rules.md over 20
 * candidate locations and 10 lines, evaluated by flowfill's evaluator (compiled once, results
 * type-checked, as the actions use it) and by plain `jsonLogic.apply` on the same expressions and
 * data in the same process. Prints expression evaluations per second for both and the ratio
 * (target: ours ≥ 0.9 × json-logic-js). `--check` exits 1 below the target.
 */
import jsonLogic from 'json-logic-js';
import type { ExpressionKey, Rule } from '../src/rules/document';
import { ruleEngine, type CompiledRule, type Env } from '../src/rules/engine';
import { WORKED_EXAMPLES, exampleContext, exampleLines, exampleLocations, exampleOrder } from '../src/rules/docs/examples';
import { validateRuleDocument } from '../src/rules/validate';

const LOCATIONS = 20;
const LINES = 10;
const ROUNDS = 7;
const ROUND_MS = 300;
const TARGET = 0.9;

// json-logic-js gets flowfill's operators (the examples use upper, ends_with, lower) with the same
// implementations, so both sides do the same work.
const NOW = exampleContext({ order: exampleOrder() }).now;
for (const info of ruleEngine.operators.list.filter((o) => o.origin === 'flowfill')) {
  const operation = ruleEngine.operators.operation(info.name);
  if (!operation) throw new Error(`no implementation for ${info.name}`);
  jsonLogic.add_operation(info.name, (...args: unknown[]) =>
    operation(args, undefined, { root: { now: NOW }, nowMs: undefined } satisfies Env),
  );
}

interface Task {
  logic: unknown;
  compiled: CompiledRule;
  key: ExpressionKey;
  context: object;
}

function rulesOf(action: string): Rule[] {
  const example = WORKED_EXAMPLES.find((e) => e.action === action);
  const result = validateRuleDocument(example?.document);
  if (!result.ok) throw new Error(`invalid example ${action}: ${JSON.stringify(result.errors)}`);
  return result.document.rules;
}

function tasks(): Task[] {
  const out: Task[] = [];
  const add = (rule: Rule, key: ExpressionKey, context: object) => {
    if (rule[key] !== undefined) out.push({ logic: rule[key], compiled: ruleEngine.compileRule(rule), key, context });
  };
  const order = exampleOrder();
  const wholesale = exampleOrder({ customer: { id: 'gid://shopify/Customer/502', tags: ['Wholesale'] } });

  for (const rule of rulesOf('fulfill-from-best-location')) {
    add(rule, 'notify_customer', exampleContext({ order }));
    for (const location of exampleLocations(LOCATIONS)) {
      const context = exampleContext({ order, location });
      add(rule, 'eligible', context);
      add(rule, 'score', context);
    }
  }
  for (const rule of rulesOf('partial-fulfill-ready-items')) {
    for (const customerOrder of [order, wholesale]) {
      add(rule, 'when', exampleContext({ order: customerOrder }));
      for (const line of exampleLines(LINES)) {
        const context = exampleContext({ order: customerOrder, line });
        add(rule, 'ready', context);
        add(rule, 'ready_quantity', context);
      }
    }
  }
  for (const rule of rulesOf('add-tracking')) {
    for (const number of ['RA123456785BR', '1Z999AA10123456784']) {
      const context = exampleContext({ order, tracking: { number, company: null, url: null } });
      for (const key of ['when', 'carrier', 'tracking_url', 'notify_customer'] as const) add(rule, key, context);
    }
  }
  return out;
}

const work = tasks();
// Dead-code elimination guard: every result feeds a checksum that is printed.
let sink = 0;
const consume = (value: unknown) => {
  sink = (sink + (typeof value === 'number' ? value : value ? 1 : 0)) | 0;
};

function ours(): void {
  for (let i = 0; i < work.length; i++) {
    const task = work[i] as Task;
    consume(task.compiled.evaluate(task.key, task.context));
  }
}

function raw(): void {
  for (let i = 0; i < work.length; i++) {
    const task = work[i] as Task;
    consume(jsonLogic.apply(task.logic as never, task.context));
  }
}

/** Both sides must give the same answers before their speed means anything. */
function checkAgreement(): void {
  for (const task of work) {
    const a = task.compiled.evaluate(task.key, task.context);
    const b = jsonLogic.apply(task.logic as never, task.context);
    const expected = typeof a === 'boolean' ? jsonLogic.truthy(b) : b;
    if (JSON.stringify(a) !== JSON.stringify(expected)) {
      throw new Error(`evaluators disagree on ${task.key}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    }
  }
}

/** Evaluations per second over one timed round of about ROUND_MS. */
function round(pass: () => void): number {
  let passes = 0;
  const started = performance.now();
  let elapsed = 0;
  do {
    for (let i = 0; i < 50; i++) pass();
    passes += 50;
    elapsed = performance.now() - started;
  } while (elapsed < ROUND_MS);
  return (passes * work.length) / (elapsed / 1000);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const format = (n: number) => `${Math.round(n).toLocaleString('en-US').padStart(12)} evaluations/s`;

checkAgreement();
// Warm-up: let both sides reach optimised code before measuring.
round(ours);
round(raw);
const oursRounds: number[] = [];
const rawRounds: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  // Alternate the order so neither side always runs on a warmer or cooler machine.
  if (i % 2 === 0) {
    oursRounds.push(round(ours));
    rawRounds.push(round(raw));
  } else {
    rawRounds.push(round(raw));
    oursRounds.push(round(ours));
  }
}
const oursMedian = median(oursRounds);
const rawMedian = median(rawRounds);
const ratio = oursMedian / rawMedian;

console.log(
  `rules benchmark: the 3 worked examples over ${LOCATIONS} locations × ${LINES} lines = ${work.length} expression evaluations per pass (Node ${process.versions.node})`,
);
console.log(`  json-logic-js apply    ${format(rawMedian)}  (median of ${ROUNDS} rounds)`);
console.log(`  flowfill evaluator     ${format(oursMedian)}  (compiled, results type-checked)`);
console.log(`  ratio                  ${ratio.toFixed(2)}× json-logic-js (target ≥ ${TARGET}×)   [checksum ${sink}]`);
if (process.argv.includes('--check') && ratio < TARGET) {
  console.error(`below target: ${ratio.toFixed(2)} < ${TARGET}`);
  process.exitCode = 1;
}
