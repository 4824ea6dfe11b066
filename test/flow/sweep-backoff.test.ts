/**
 * The sweep backs off per run: a run is resumed only 1, 2, 4, 8 … (at most 60) minutes after its
 * last attempt, gives up a day after it was created, and a Flow re-send never waits for it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { claimRun, getRun } from '../../src/db/ledger';
import { sweepRuns } from '../../src/flow/sweep';
import { manualClock, type ManualClock } from '../helpers/clock';
import { createHarness, newRunId, SHOP, type Harness } from '../helpers/harness';

const UPS = '1Z999AA10123456784';
const MINUTE = 60_000;
let h: Harness;
let clock: ManualClock;
afterEach(async () => h?.close());

async function setup() {
  clock = manualClock();
  h = await createHarness({ clock, adminBudgetMs: 300 });
}

/** A run left pending by a Shopify outage (503 to Flow); the outage goes on unless switched off. */
async function pendingRun(): Promise<string> {
  h.sim.faults.http5xxRate = 1;
  const runId = newRunId();
  expect((await h.addTracking({ order_id: 1001, tracking_number: UPS }, { action_run_id: runId })).status).toBe(503);
  return runId;
}

const row = async (runId: string) => (await getRun(h.db, SHOP, runId))!;

describe('sweep backoff', () => {
  it('resumes a pending run only after 1, 2, 4, 8 … minutes since its last attempt, capped at 60', async () => {
    await setup();
    const runId = await pendingRun();
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 9; attempt++) {
      const before = await row(runId);
      expect(before).toMatchObject({ status: 'pending', attempts: attempt });
      const wait = Math.min(60, 2 ** (attempt - 1)) * MINUTE;
      // A second early: not due, not touched.
      clock.advance(before.updatedAt + wait - 1000 - clock.now());
      expect(await sweepRuns(h.deps)).toBe(0);
      expect(await row(runId)).toEqual(before);
      clock.advance(1000);
      expect(await sweepRuns(h.deps)).toBe(1);
      waits.push(wait / MINUTE);
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
    // Shopify is back: the next due sweep finishes the run.
    h.sim.faults.http5xxRate = 0;
    clock.advance(60 * MINUTE);
    expect(await sweepRuns(h.deps)).toBe(1);
    expect(await row(runId)).toMatchObject({ status: 'succeeded', attempts: 11 });
  });

  it('never delays a Flow re-send: it resumes the run at once, while the sweep would wait', async () => {
    await setup();
    const runId = await pendingRun();
    h.sim.faults.http5xxRate = 0;
    clock.advance(10_000);
    expect(await sweepRuns(h.deps)).toBe(0);
    const resent = await h.addTracking({ order_id: 1001, tracking_number: UPS }, { action_run_id: runId });
    expect(resent.status, JSON.stringify(resent.json)).toBe(200);
    expect(await row(runId)).toMatchObject({ status: 'succeeded', attempts: 2 });
  });

  it('still gives up a day after creation, even when the last attempt was a minute ago', async () => {
    await setup();
    const runId = await pendingRun();
    const { createdAt } = await row(runId);
    // Flow re-sends shortly before the day is over; Shopify is still down.
    clock.advance(createdAt + 24 * 60 * MINUTE - MINUTE - clock.now());
    expect((await h.addTracking({ order_id: 1001, tracking_number: UPS }, { action_run_id: runId })).status).toBe(503);
    h.sim.faults.http5xxRate = 0;
    clock.advance(MINUTE + 1000);
    expect(await sweepRuns(h.deps)).toBe(1);
    const run = await row(runId);
    expect(run).toMatchObject({ status: 'failed', errorCode: 'gave_up', responseStatus: 422 });
    expect(run.steps!.some((s) => s.name === 'flowTriggerReceive' && s.state === 'done')).toBe(true);
    expect(h.mutations()).toHaveLength(0);
  });

  it('resumes a run whose process died mid-run once its lease has expired and its backoff passed', async () => {
    await setup();
    // A claimed run whose delivery never finished (as after a crash).
    const runId = newRunId();
    const properties = { order_id: 'gid://shopify/Order/1001', tracking_number: UPS };
    const claim = await claimRun(h.db, {
      shop: SHOP,
      actionRunId: runId,
      handle: 'add-tracking',
      orderId: properties.order_id,
      properties,
      now: clock.now(),
      leaseMs: 30_000,
    });
    expect(claim.kind).toBe('execute');
    clock.advance(31_000);
    expect(await sweepRuns(h.deps)).toBe(0);
    clock.advance(29_000);
    expect(await sweepRuns(h.deps)).toBe(1);
    expect(await row(runId)).toMatchObject({ status: 'succeeded', attempts: 2 });
  });
});
