/** The ledger's fencing and the sweep's backoff, at the SQL level over a real libSQL file. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  claimRun,
  finishRun,
  getRun,
  listResumableRuns,
  renewLease,
  saveSteps,
  sweepBackoffMs,
  takeOver,
  type RunOutcome,
} from '../../src/db/ledger';
import type { RunRow } from '../../src/db/schema';
import { openTempDatabase, type TempDatabase } from '../helpers/temp-database';

const SHOP = 'ledger.myshopify.com';
const LEASE = 30_000;
const T0 = Date.parse('2026-11-27T12:00:00Z');
let opened: TempDatabase;

beforeEach(async () => {
  opened = await openTempDatabase('ledger');
});
afterEach(() => opened.close());

async function claim(actionRunId: string, now = T0): Promise<RunRow> {
  const claimed = await claimRun(opened.db, {
    shop: SHOP,
    actionRunId,
    handle: 'add-tracking',
    orderId: null,
    properties: {},
    now,
    leaseMs: LEASE,
  });
  if (claimed.kind !== 'execute') throw new Error(`not claimed: ${claimed.kind}`);
  return claimed.run;
}

const outcome = (status: RunOutcome['status'], now: number): RunOutcome => ({
  status,
  responseStatus: status === 'pending' ? 202 : 200,
  responseBody: { status },
  adminCalls: [],
  durationMs: 1,
  now,
});
const step = (state: 'started' | 'done', at: number) => ({ name: 'FulfillmentCreate', key: 'k', state, at });

describe('ledger fencing', () => {
  it("refuses every write of an attempt once a newer one took the run over, and keeps the newer one's", async () => {
    const first = await claim('fenced');
    expect(await saveSteps(opened.db, first, [step('started', T0)], T0 + 10, LEASE)).toBe(true);
    expect((await getRun(opened.db, SHOP, 'fenced'))!.leaseUntil).toBe(T0 + 10 + LEASE);

    const second = (await takeOver(opened.db, first.id, T0 + LEASE + 11, LEASE))!;
    expect(second.attempts).toBe(2);
    expect(await saveSteps(opened.db, second, [step('done', T0 + LEASE + 20)], T0 + LEASE + 20, LEASE)).toBe(true);
    expect(await finishRun(opened.db, second, outcome('succeeded', T0 + LEASE + 30))).toBe(true);
    const won = await getRun(opened.db, SHOP, 'fenced');

    expect(await saveSteps(opened.db, first, [step('done', T0 + LEASE + 40)], T0 + LEASE + 40, LEASE)).toBe(false);
    expect(await renewLease(opened.db, first, T0 + LEASE + 40, LEASE)).toBe(false);
    expect(await finishRun(opened.db, first, outcome('failed', T0 + LEASE + 50))).toBe(false);
    expect(await getRun(opened.db, SHOP, 'fenced')).toEqual(won);
  });

  it('refuses writes after the run left running, even from the attempt that held it', async () => {
    const run = await claim('left');
    expect(await finishRun(opened.db, run, outcome('pending', T0 + 5))).toBe(true);
    expect(await saveSteps(opened.db, run, [], T0 + 6, LEASE)).toBe(false);
    expect(await finishRun(opened.db, run, outcome('succeeded', T0 + 7))).toBe(false);
    expect((await getRun(opened.db, SHOP, 'left'))!.status).toBe('pending');
  });

  it('renews the lease, and a renewed run cannot be taken over', async () => {
    const run = await claim('renewed');
    expect(await renewLease(opened.db, run, T0 + LEASE - 1, LEASE)).toBe(true);
    expect(await takeOver(opened.db, run.id, T0 + LEASE + 1, LEASE)).toBeNull();
    expect(await takeOver(opened.db, run.id, T0 + 2 * LEASE, LEASE)).toMatchObject({ attempts: 2 });
  });

  it('takes over at an expected attempt only', async () => {
    const run = await claim('expected');
    await finishRun(opened.db, run, outcome('pending', T0 + 1));
    expect(await takeOver(opened.db, run.id, T0 + 2, LEASE, { attempts: 2 })).toBeNull();
    expect(await takeOver(opened.db, run.id, T0 + 2, LEASE, { attempts: 1 })).toMatchObject({ attempts: 2 });
  });
});

describe('sweep backoff in SQL', () => {
  it('lists a pending run when updated_at + min(60 min, 2^(attempts-1) min) has passed, as sweepBackoffMs says', async () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 40].map((n) => sweepBackoffMs(n) / 60_000)).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
    let run = await claim('backoff');
    let at = T0;
    for (let attempts = 1; attempts <= 9; attempts++) {
      await finishRun(opened.db, run, outcome('pending', at));
      const due = at + sweepBackoffMs(attempts);
      const listed = (now: number) => listResumableRuns(opened.db, { now, giveUpBefore: T0 - 1 }).then((rows) => rows.map((r) => r.id));
      expect(await listed(due - 1)).toEqual([]);
      expect(await listed(due)).toEqual([run.id]);
      run = (await takeOver(opened.db, run.id, due, LEASE))!;
      at = due;
    }
  });

  it('lists a run old enough to give up on whatever its backoff', async () => {
    const run = await claim('old');
    await finishRun(opened.db, run, outcome('pending', T0 + 10));
    expect(await listResumableRuns(opened.db, { now: T0 + 20, giveUpBefore: T0 - 1 })).toEqual([]);
    expect((await listResumableRuns(opened.db, { now: T0 + 20, giveUpBefore: T0 })).map((r) => r.id)).toEqual([run.id]);
  });
});
