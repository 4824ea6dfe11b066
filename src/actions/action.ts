/** What every Flow action module provides, and what the runner gives it. */
export type { RunFactLocation, RunFacts } from '../db/run-facts';
import type { z } from 'zod';
import type { Clock } from '../clock';
import type { RunFacts } from '../db/run-facts';
import type { RunStep } from '../db/schema';
import type { Logger } from '../log';
import type { ActionHandle } from '../rules/document';
import type { StoredRule } from '../rules/store';
import type { AdminClient } from '../shopify/client';

export interface ActionContext<P> {
  shop: string;
  properties: P;
  admin: AdminClient;
  clock: Clock;
  logger: Logger;
  /** Records each mutation in the ledger before and after it is sent. */
  steps: StepRecorder;
  /** The shop's current rules for an action (enabled or not; retired ones excluded). */
  loadRules(action: ActionHandle): Promise<StoredRule[]>;
}

export interface StepRecorder {
  /** Steps of earlier attempts of this run (a retried run re-reads state and checks these). */
  readonly previous: readonly RunStep[];
  /**
   * Runs `send`, recording the step as started, then done or failed; `detail` is kept on the step.
   * `next`: the step expected right after this one, recorded as started in the same write, so
   * that step's own write is saved when it comes as expected (one database round trip fewer); a
   * recorded step that is never sent means only that a resumed run reads back what it may have made.
   */
  run<T>(name: string, key: string, send: () => Promise<T>, detail?: Pick<RunStep, 'sent'>, next?: ExpectedStep): Promise<T>;
}

/** A step announced ahead (StepRecorder.run's `next`): its name, key and detail as its own run() will give them. */
export interface ExpectedStep {
  name: string;
  key: string;
  detail?: Pick<RunStep, 'sent'>;
}

export interface ActionResult {
  status: 'succeeded' | 'noop';
  /** Shaped like the extension's return_type_ref. */
  returnValue: Record<string, unknown>;
  plan: unknown;
  explanation: unknown;
  /** The rule the run used, recorded on the ledger row. */
  rule?: { name: string; version: number } | null;
  /** Set when the run leaves something for a person to look at (e.g. items left unfulfilled). */
  attention?: { reason: string } | null;
  /** What analytics keep of the run (the ledger's fact columns). */
  facts?: RunFacts;
}

/** A dry run: what the action would do and why, with nothing sent. */
export interface SimulationResult {
  plan: unknown;
  explanation: unknown;
}

export interface ActionDefinition<P extends { order_id: string }> {
  handle: string;
  properties: z.ZodType<P>;
  /** Read, decide, write. Throws ActionError / PendingError / TransientError for other outcomes. */
  run(context: ActionContext<P>): Promise<ActionResult>;
  /**
   * Only one run of this action works on an order at a time (others answer 202 `order_busy` and
   * are re-sent): set when the action rewrites a list Shopify replaces whole.
   */
  onePerOrder?: boolean;
  /** Read and decide only (the CLI's and the admin page's "simulate"); never mutates. */
  simulate(context: Omit<ActionContext<P>, 'steps'>): Promise<SimulationResult>;
}

/** Any action, whatever its property type (the registry's element type). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyAction = ActionDefinition<any>;
