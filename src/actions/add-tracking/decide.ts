/**
 * The decision of "Add tracking", from what was read and nothing else (pure): the carrier its format names, the rule that applies, the company, URL and notify, and the
 * tracking list to send; or a refusal or wait when there is nowhere to put it.
 */
import type { TrackingContext } from '../../rules/context';
import { orderContextOf } from '../order';
import { isRefusal, type Refusal } from '../refusal';
import { chooseRule, type ChosenRule } from '../rule-choice';
import { detectCarrier, type CarrierDetection } from './carrier';
import { chooseTracking, stepOrDetected, type TrackingChoice } from './choice';
import { originCountry, planTracking, type Target, type TrackingPlan } from './plan';
import type { AddTrackingProperties } from './properties';
import type { TrackingOrder, TrackingRead } from './read';

export interface TrackingExplanation {
  order: string;
  target: string;
  rule: ChosenRule['used'];
  ruleSelection: ChosenRule['selection'];
  company: TrackingChoice['company'];
  url: TrackingChoice['url'];
  notify: TrackingChoice['notify'];
  companyConflict: TrackingChoice['conflict'];
  notes: string[];
  warnings: string[];
}

/** What the run will send, and why. */
export interface TrackingDecision {
  plan: TrackingPlan;
  explanation: TrackingExplanation;
  rule: ChosenRule;
  warnings: string[];
}

/** The carrier the number's format names, knowing only the target's origin (a new fulfillment's location) and the destination. */
export function firstDetection(number: string, target: Target, order: TrackingOrder): CarrierDetection {
  return detectCarrier(number, { originCountry: originCountry(target), destinationCountry: destination(order) });
}

const destination = (order: TrackingOrder) => order.facts.shippingAddress?.countryCode ?? null;

/** Decides the run from what `readTracking` read; `now` is the run's time (ms). */
export function decideTracking(
  read: TrackingRead,
  input: { properties: AddTrackingProperties; shop: string; now: number },
): TrackingDecision | Refusal {
  const { properties: props } = input;
  const { rules, order, origin, target } = read;
  if (isRefusal(target)) return target;
  const detection = origin
    ? detectCarrier(props.tracking_number, { originCountry: origin, destinationCountry: destination(order) })
    : firstDetection(props.tracking_number, target, order);
  const tracking: TrackingContext = {
    number: props.tracking_number,
    company: stepOrDetected(props, detection),
    url: props.tracking_url ?? null,
  };
  const data = { order: orderContextOf(order.facts), tracking, now: new Date(input.now).toISOString() };
  const rule = chooseRule(rules, 'add-tracking', data, props.rule, input.shop);
  const choice = chooseTracking(props, rule, data, detection);
  const planned = planTracking(target, props.tracking_number, choice);
  if (isRefusal(planned)) return planned;
  const { plan, notes, warnings } = planned;
  const explanation: TrackingExplanation = {
    order: order.name,
    target: describeTarget(target),
    rule: rule.used,
    ruleSelection: rule.selection,
    company: choice.company,
    url: choice.url,
    notify: choice.notify,
    companyConflict: choice.conflict,
    notes,
    warnings,
  };
  return { plan, explanation, rule, warnings };
}

function describeTarget(target: Target): string {
  if (target.kind === 'noop') return `${target.holder.name} already has this tracking number; nothing to do`;
  if (target.kind === 'update') return `add to ${target.fulfillment.name}, the most recent fulfillment that is not cancelled`;
  return `fulfill ${target.groups.reduce((n, g) => n + g.fulfillmentOrderIds.length, 0)} open fulfillment order(s) at ${target.groups.map((g) => g.locationName).join(', ')} with this tracking`;
}
