/**
 * The start of a Flow run in one database round trip: the shop's token, the ledger claim, the
 * run's row, the action's rules and (for one-run-per-order actions) the order lock, as one batch.
 * Over HTTP each statement on its own would be a round trip from the edge to the database
 * (5–50 ms each); together they are one pipeline request (issue 14, item 1).
 *
 * The claim insert is conditional on the shop being installed with a token, so a shop that is not
 * gets no ledger row (as when the lookup came first); the lock is taken only for the row this
 * batch inserted. Everything else about the claim is claimRun's: the unique (shop, action_run_id)
 * index makes the first insert win, and a row already there is answered, taken over or busy.
 */
import type { ActionHandle } from '../rules/document';
import { activeRulesQuery, toStoredRules, type StoredRule } from '../rules/store';
import { bound, returningCount, runBatch, type BatchStatement } from './batch';
import type { Database } from './database';
import { claimExisting, getRunQuery, type Claim, type ClaimInput } from './ledger';
import { offlineSessionId, shopAccessQuery, shopAccessValues, toShopAccess } from './shops';

export interface StartInput extends ClaimInput {
  /** The rules read with the claim: the shop's active rules of this action. */
  rulesOf: ActionHandle;
  /** Take the order's lock for the new run too (actions with `onePerOrder`). */
  lockOrder: boolean;
}

export type Start =
  /** The shop is not installed (or has no token): nothing was written. */
  | { installed: false }
  | {
      installed: true;
      accessToken: string;
      claim: Claim;
      /** The action's rules, as of the claim. */
      rules: StoredRule[];
      /** Whether the new run holds the order's lock; undefined when not asked or the run was not new (the runner takes it). */
      locked?: boolean;
    };

// `?`s, not drizzle: drizzle's builder has no INSERT … SELECT … WHERE for the condition. Columns
// as the `runs` schema names them; JSON columns as drizzle writes them (JSON text).
const CLAIM_IF_INSTALLED = `insert into runs (shop, action_run_id, handle, order_id, status, lease_until, properties, attempts, steps, admin_calls, created_at, updated_at)
select ?, ?, ?, ?, 'running', ?, ?, 1, '[]', '[]', ?, ?
where exists (select 1 from shops join session on session.id = ? where shops.domain = ? and shops.status = 'installed' and session.accessToken <> '')
on conflict do nothing returning id`;

// lockOrder's upsert (order-locks.ts), for the row this batch inserted only: attempt 1, still
// running, with this claim's created_at and lease (a twin delivery in the same millisecond would
// name the same row, and then answers busy).
const LOCK_NEW_RUN = `insert into order_locks (shop, order_id, run_id)
select ?, ?, id from runs where shop = ? and action_run_id = ? and status = 'running' and attempts = 1 and created_at = ? and lease_until = ?
on conflict (shop, order_id) do update set run_id = excluded.run_id
where order_locks.run_id = excluded.run_id or not exists (select 1 from runs where runs.id = order_locks.run_id and runs.status = 'running' and runs.lease_until >= ?)
returning run_id`;

/** Looks the shop up, claims the run, reads its row and rules (and locks the order), in one batch. */
export async function startRun(db: Database, input: StartInput): Promise<Start> {
  const { shop, actionRunId, handle, orderId, now } = input;
  const leaseUntil = now + input.leaseMs;
  const properties = input.properties === null ? null : JSON.stringify(input.properties);
  const claim = returningCount(CLAIM_IF_INSTALLED, [
    shop,
    actionRunId,
    handle,
    orderId,
    leaseUntil,
    properties,
    now,
    now,
    offlineSessionId(shop),
    shop,
  ]);
  const lock: BatchStatement<number> = input.lockOrder
    ? returningCount(LOCK_NEW_RUN, [shop, orderId, shop, actionRunId, now, leaseUntil, now])
    : // Nothing to lock: a statement that returns nothing keeps the batch's results in one shape.
      { sql: 'select 1 where 0', args: [], read: () => 0 };
  const [accessRows, inserted, locks, runRows, ruleRows] = await runBatch(db, [
    bound(shopAccessQuery(db), shopAccessValues(shop)),
    claim,
    lock,
    bound(getRunQuery(db), { shop, actionRunId }),
    bound(activeRulesQuery(db, input.rulesOf), { shop, action: input.rulesOf }),
  ] as const);
  const access = toShopAccess(shop, accessRows[0]);
  const row = runRows[0];
  if (!access?.installed || !access.accessToken) return { installed: false };
  const rules = toStoredRules(ruleRows);
  if (inserted > 0 && row) {
    return {
      installed: true,
      accessToken: access.accessToken,
      claim: { kind: 'execute', run: row },
      rules,
      ...(input.lockOrder ? { locked: locks > 0 } : {}),
    };
  }
  return { installed: true, accessToken: access.accessToken, claim: await claimExisting(db, row, input), rules };
}
