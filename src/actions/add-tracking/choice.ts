/**
 * What "Add tracking" sends besides the number: the company, the URL, whether to notify and what
 * to do when the fulfillment's company differs. Each comes from the Flow step's property, else the
 * rule, else the built-in default (detection for the company), and says where it came from.
 */
import type { CompanyConflict } from '../../rules/document';
import { RuleEvaluationError } from '../../rules/engine';
import { chooseNotify, type ChosenRule } from '../rule-choice';
import { normaliseCompany, type CarrierDetection } from './carrier';
import type { AddTrackingProperties } from './properties';
import { urlProblem } from './url';

export interface CompanyChoice {
  company: string | null;
  /** Where the company came from, for the explanation and the return value. */
  source: 'property' | 'rule' | 'detected' | 'none';
  reason: string;
}

export interface UrlChoice {
  url: string | null;
  source: 'property' | 'rule' | 'none';
}

export interface TrackingChoice {
  company: CompanyChoice;
  url: UrlChoice;
  notify: { notify: boolean; source: string };
  conflict: { policy: CompanyConflict; source: string };
  /** Things the merchant should know (a company Shopify does not know, …), also in the return value. */
  warnings: string[];
}

/** The company as the step or a rule wrote it: Shopify's exact spelling when it has one, else as written with a warning. */
export function companyFrom(written: string, source: 'property' | 'rule', who: string, warnings: string[]): CompanyChoice {
  const exact = normaliseCompany(written);
  if (exact) return { company: exact, source, reason: `${who} (${exact})` };
  const warning = `"${written}" (${who}) is not one of Shopify's known carrier names: it is passed as written, and Shopify will not build a tracking link from it.`;
  warnings.push(warning);
  return { company: written, source, reason: `${who}, passed as written` };
}

/** The step's company, else detection's: what a rule's `when` sees as `tracking.company`. */
export function stepOrDetected(properties: Pick<AddTrackingProperties, 'tracking_company'>, detection: CarrierDetection): string | null {
  if (properties.tracking_company) return normaliseCompany(properties.tracking_company) ?? properties.tracking_company;
  return detection.company;
}

/**
 * Applies the precedence: step property, then the rule (evaluated over `data`: order, tracking,
 * now), then the default. Throws RuleEvaluationError when the rule gives a value of the wrong kind.
 */
export function chooseTracking(
  properties: Pick<AddTrackingProperties, 'tracking_company' | 'tracking_url' | 'notify_customer' | 'company_conflict'>,
  rule: ChosenRule,
  data: object,
  detection: CarrierDetection,
): TrackingChoice {
  const warnings: string[] = [];
  const compiled = rule.compiled;
  const ruleLabel = rule.record ? `rule "${rule.record.name}" (version ${rule.record.version})` : '';

  let company: CompanyChoice;
  const ruleCarrier = properties.tracking_company ? null : compiled?.evaluate('carrier', data)?.trim();
  if (properties.tracking_company)
    company = companyFrom(properties.tracking_company, 'property', '"Tracking company" of the Flow step', warnings);
  else if (ruleCarrier && compiled) company = companyFrom(ruleCarrier, 'rule', `carrier of ${ruleLabel}`, warnings);
  else if (detection.company) company = { company: detection.company, source: 'detected', reason: detection.reason };
  else company = { company: null, source: 'none', reason: detection.reason };

  let url: UrlChoice = { url: null, source: 'none' };
  if (properties.tracking_url) url = { url: properties.tracking_url, source: 'property' };
  else if (compiled) {
    const fromRule = compiled.evaluate('tracking_url', data)?.trim();
    if (fromRule) url = { url: checkedUrl(compiled.name, fromRule), source: 'rule' };
  }

  const notify = chooseNotify(properties.notify_customer, compiled, data);
  const conflict = properties.company_conflict
    ? { policy: properties.company_conflict, source: "the step's company_conflict" }
    : compiled?.companyConflict
      ? { policy: compiled.companyConflict, source: `${ruleLabel}'s company_conflict` }
      : { policy: 'keep' as const, source: 'default' };
  return { company, url, notify, conflict, warnings };
}

/** A rule's tracking_url must be a URL Shopify accepts; anything else is the rule's error, not a link to send. */
function checkedUrl(rule: string, value: string): string {
  const problem = urlProblem(value);
  if (problem) {
    const shown = value.length > 60 ? `${value.slice(0, 60)}…` : value;
    throw new RuleEvaluationError(rule, 'tracking_url', `must give an http(s) URL Shopify accepts (it ${problem}), but gave "${shown}"`);
  }
  return value;
}
