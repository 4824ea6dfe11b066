/**
 * The rule document: what a merchant writes (import/export format, what the admin page edits).
 * Shape and limits as docs/rules.md documents them; `validate.ts` turns zod's findings into
 * messages an admin can act on, and checks the expressions themselves.
 */
import { z } from 'zod';

/** The three Flow actions, in documented order (also the order of an exported document). */
export const ACTION_HANDLES = ['fulfill-from-best-location', 'partial-fulfill-ready-items', 'add-tracking'] as const;
export type ActionHandle = (typeof ACTION_HANDLES)[number];

/** A json-logic expression: any JSON value (a literal, a list, or `{"operator": arguments}`). */
export type JsonLogic = unknown;

/** Every expression key a rule may have, in the canonical order of an exported rule. */
export const EXPRESSION_KEYS = [
  'when',
  'eligible',
  'score',
  'allow_split',
  'ready',
  'ready_quantity',
  'carrier',
  'tracking_url',
  'notify_customer',
] as const;
export type ExpressionKey = (typeof EXPRESSION_KEYS)[number];

/** The expressions specific to each action, in documented order (`when` and `notify_customer` are shared). */
export const ACTION_EXPRESSIONS: Readonly<Record<ActionHandle, readonly ExpressionKey[]>> = {
  'fulfill-from-best-location': ['eligible', 'score', 'allow_split'],
  'partial-fulfill-ready-items': ['ready', 'ready_quantity'],
  'add-tracking': ['carrier', 'tracking_url'],
};

/**
 * What each expression must produce: `boolean` ones are read by json-logic truthiness (false, null,
 * 0, "" and [] are false), `number` ones must give a finite number, `text` ones a string or null.
 */
export const EXPRESSION_RESULTS: Readonly<Record<ExpressionKey, 'boolean' | 'number' | 'text'>> = {
  when: 'boolean',
  eligible: 'boolean',
  score: 'number',
  allow_split: 'boolean',
  ready: 'boolean',
  ready_quantity: 'number',
  carrier: 'text',
  tracking_url: 'text',
  notify_customer: 'boolean',
};

/** Limits checked when a document is validated (listed in docs/rules.md). */
export const RULE_LIMITS = {
  /** Raw document size in UTF-8 bytes, checked before parsing. */
  maxDocumentBytes: 64 * 1024,
  maxRules: 200,
  /** Nesting of operations and lists inside one expression. */
  maxDepth: 32,
  /** JSON values (operations, lists, literals) inside one expression. */
  maxNodes: 2000,
  maxNameLength: 100,
} as const;

export const RULE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 _.:-]*$/;
export const DEFAULT_PRIORITY = 100;
/** Priorities are integers in this range (lower runs first). */
export const PRIORITY_RANGE = { min: -1_000_000, max: 1_000_000 } as const;

/** One rule, defaults filled in. Only the action's own expression keys may be set (see ACTION_EXPRESSIONS). */
export interface Rule {
  name: string;
  action: ActionHandle;
  priority: number;
  enabled: boolean;
  /** fulfill-from-best-location and partial-fulfill-ready-items: the delivery methods the rule handles (default SHIPPING only). */
  delivery_methods?: string[];
  /** add-tracking: when the new number's company differs from the fulfillment's (default keep). */
  company_conflict?: CompanyConflict;
  when?: JsonLogic;
  eligible?: JsonLogic;
  score?: JsonLogic;
  allow_split?: JsonLogic;
  ready?: JsonLogic;
  ready_quantity?: JsonLogic;
  carrier?: JsonLogic;
  tracking_url?: JsonLogic;
  notify_customer?: JsonLogic;
}

/** A shop's whole rule set. */
export interface RuleDocument {
  rules: Rule[];
}

/** The expression keys a rule of this action may have, in canonical order. */
export function expressionKeysFor(action: ActionHandle): ExpressionKey[] {
  return ['when', ...ACTION_EXPRESSIONS[action], 'notify_customer'];
}

/** "an add-tracking", "a fulfill-from-best-location": for messages. */
export function withArticle(action: ActionHandle): string {
  return `${action.startsWith('a') ? 'an' : 'a'} ${action}`;
}

/** Whether a value is one of the three action handles. */
export function isActionHandle(value: unknown): value is ActionHandle {
  return typeof value === 'string' && (ACTION_HANDLES as readonly string[]).includes(value);
}

const expression = z.unknown().optional();

const nameSchema = z
  .string({ error: (issue) => (issue.input === undefined ? 'every rule needs a "name"' : '"name" must be a string') })
  .min(1, { error: 'name must not be empty' })
  .max(RULE_LIMITS.maxNameLength, { error: `name must be at most ${RULE_LIMITS.maxNameLength} characters` })
  .regex(RULE_NAME_PATTERN, {
    error: 'name must start with a letter or digit and contain only letters, digits, spaces and _ . : -',
  });

const prioritySchema = z
  .number({ error: '"priority" must be a number (lower runs first)' })
  .int({ error: '"priority" must be a whole number' })
  .min(PRIORITY_RANGE.min, { error: `"priority" must be at least ${PRIORITY_RANGE.min}` })
  .max(PRIORITY_RANGE.max, { error: `"priority" must be at most ${PRIORITY_RANGE.max}` })
  .default(DEFAULT_PRIORITY);

const enabledSchema = z.boolean({ error: '"enabled" must be true or false' }).default(true);

/** Delivery method types Shopify knows today (DeliveryMethodType); others it may add are accepted as written. */
export const DELIVERY_METHOD_TYPES = ['SHIPPING', 'PICK_UP', 'PICKUP_POINT', 'LOCAL', 'RETAIL', 'NONE'] as const;

/**
 * What "Add tracking" does when a fulfillment's numbers are under one company and the new number's
 * is another (Shopify keeps one company per fulfillment): `keep` lists the new number under the
 * existing company with its own tracking link; `replace` lists every number under the new one.
 */
export const COMPANY_CONFLICTS = ['keep', 'replace'] as const;
export type CompanyConflict = (typeof COMPANY_CONFLICTS)[number];

/** Rule fields that are not expressions (literal values), every one of them. */
export const LITERAL_FIELDS = ['delivery_methods', 'company_conflict'] as const;

/** Rule fields that are not expressions, per action, in canonical order after `enabled`. */
export const ACTION_FIELDS: Readonly<Record<ActionHandle, readonly (typeof LITERAL_FIELDS)[number][]>> = {
  'fulfill-from-best-location': ['delivery_methods'],
  'partial-fulfill-ready-items': ['delivery_methods'],
  'add-tracking': ['company_conflict'],
};

const companyConflictSchema = z
  .enum(COMPANY_CONFLICTS, {
    error: `"company_conflict" must be "keep" (the fulfillment keeps its company; the new number gets its own link) or "replace" (every number is listed under the new company)`,
  })
  .optional();

const deliveryMethodsSchema = z
  .array(
    z
      .string({ error: 'each delivery method must be a string such as "SHIPPING" or "LOCAL"' })
      .regex(/^[A-Z][A-Z_]*$/, { error: `a delivery method is an upper-case Shopify type: ${DELIVERY_METHOD_TYPES.join(', ')}` }),
    { error: `"delivery_methods" must be a list such as ["SHIPPING", "LOCAL"] (Shopify's types: ${DELIVERY_METHOD_TYPES.join(', ')})` },
  )
  .min(1, { error: '"delivery_methods" must name at least one delivery method; leave it out for SHIPPING only' })
  .max(20, { error: '"delivery_methods" may name at most 20 delivery methods' })
  .refine((list) => new Set(list).size === list.length, { error: '"delivery_methods" names a delivery method twice' })
  .optional();

const common = {
  name: nameSchema,
  priority: prioritySchema,
  enabled: enabledSchema,
  when: expression,
  notify_customer: expression,
};

/** Per action, the strict zod schema of one rule (unknown keys, including other actions' expressions, are errors). */
export const RULE_SCHEMAS = {
  'fulfill-from-best-location': z.strictObject({
    ...common,
    action: z.literal('fulfill-from-best-location'),
    delivery_methods: deliveryMethodsSchema,
    eligible: expression,
    score: expression,
    allow_split: expression,
  }),
  'partial-fulfill-ready-items': z.strictObject({
    ...common,
    action: z.literal('partial-fulfill-ready-items'),
    delivery_methods: deliveryMethodsSchema,
    ready: expression,
    ready_quantity: expression,
  }),
  'add-tracking': z.strictObject({
    ...common,
    action: z.literal('add-tracking'),
    company_conflict: companyConflictSchema,
    carrier: expression,
    tracking_url: expression,
  }),
} as const;

/** Zod schema of a rule whose action is not known yet (used to check the other fields of a rule with a bad action). */
export const ANY_ACTION_RULE_SCHEMA = z.object({
  name: nameSchema,
  priority: prioritySchema,
  enabled: enabledSchema,
});

/**
 * Zod schema of the whole document (structure only). Use `validateRuleDocument` for admin-facing
 * messages, size limits, unique names and the expressions' operators and variables.
 */
export const ruleDocumentSchema = z.strictObject({
  rules: z
    .array(
      z.discriminatedUnion('action', [
        RULE_SCHEMAS['fulfill-from-best-location'],
        RULE_SCHEMAS['partial-fulfill-ready-items'],
        RULE_SCHEMAS['add-tracking'],
      ]),
    )
    .max(RULE_LIMITS.maxRules),
});

/** Orders rule names the same way everywhere (code units, not locale), so every runtime agrees. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The canonical form used by export and "did this rule change" comparisons: defaults filled in,
 * keys in a fixed order (name, action, priority, enabled, delivery_methods or company_conflict, when, the action's expressions, notify_customer),
 * absent expressions omitted, rules sorted by action (documented order), priority, then name.
 */
export function normaliseDocument(doc: RuleDocument): RuleDocument {
  const rules = doc.rules.map(normaliseRule);
  rules.sort(
    (a, b) =>
      ACTION_HANDLES.indexOf(a.action) - ACTION_HANDLES.indexOf(b.action) || a.priority - b.priority || compareNames(a.name, b.name),
  );
  return { rules };
}

/** One rule in canonical form (see normaliseDocument). */
export function normaliseRule(rule: Rule): Rule {
  const out: Rule = {
    name: rule.name,
    action: rule.action,
    priority: rule.priority ?? DEFAULT_PRIORITY,
    enabled: rule.enabled ?? true,
  };
  if (rule.delivery_methods !== undefined && ACTION_FIELDS[rule.action].includes('delivery_methods'))
    out.delivery_methods = [...rule.delivery_methods];
  if (rule.company_conflict !== undefined && ACTION_FIELDS[rule.action].includes('company_conflict'))
    out.company_conflict = rule.company_conflict;
  for (const key of expressionKeysFor(rule.action)) {
    if (rule[key] !== undefined) out[key] = rule[key];
  }
  return out;
}
