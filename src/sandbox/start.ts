/** Sandbox mode: a simulated store, the shop registered in the database, and a dev secret kept there. */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { DEV_SECRET_KEY, putSettingOnce, registerShop } from '../db/shops';
import type { Logger } from '../log';
import { createSandboxHistory, type HistorySummary } from './history';
import { SANDBOX_ACCESS_TOKEN, SANDBOX_SHOP, seedSandbox } from './seed';
import { APP_SCOPES, createSimulator, type Simulator } from './simulator/index';

export interface Sandbox {
  simulator: Simulator;
  /** The simulated shop; the admin API serves it to localhost without a session token. */
  shop: string;
  /** Signs Flow requests in sandbox mode; created once and kept in the database for the CLI. */
  secret: string;
  /** The Admin API `fetch` the app uses: answered by the simulator in-process. */
  fetch: typeof fetch;
  /** What to print at start: the secret and the next command to try. */
  banner(port: number): string[];
  /**
   * Adds `days` days of history through the app against this very store, so its orders are there
   * to retry later; one at a time ('busy' while one runs).
   */
  history(days: number, logger: Logger): Promise<HistorySummary | 'busy'>;
}

/** Seeds the simulated store, registers its shop and returns the dev secret. */
export async function startSandbox(db: Database, clock: Clock): Promise<Sandbox> {
  // A history's requests see the store on the history's clock (days back); every other request, the real one.
  const historyClock = new AsyncLocalStorage<() => number>();
  const simulator = createSimulator({ now: () => (historyClock.getStore() ?? clock.now)() });
  let making = false;
  seedSandbox(simulator);
  await registerShop(db, { shop: SANDBOX_SHOP, accessToken: SANDBOX_ACCESS_TOKEN, scopes: [...APP_SCOPES], now: clock.now() });
  const secret = await putSettingOnce(db, DEV_SECRET_KEY, `dev_${randomHex(24)}`, clock.now());
  const fetchImpl = ((input: RequestInfo | URL, init?: RequestInit) => simulator.fetch(new Request(input, init))) as typeof fetch;
  return {
    simulator,
    shop: SANDBOX_SHOP,
    secret,
    fetch: fetchImpl,
    banner: (port) => [
      '',
      `flowfill is running in SANDBOX mode (no SHOPIFY_API_SECRET): Admin API calls go to a simulated store, ${SANDBOX_SHOP}.`,
      `Dev secret (signs Flow requests; the CLI reads it from the database): ${secret}`,
      '',
      'Try it in another terminal:',
      `  npx flowfill flow send add-tracking --shop ${SANDBOX_SHOP} --order 1001 --prop tracking_number=1Z999AA10123456784${port === 8080 ? '' : ` --url http://localhost:${port}`}`,
      `  npx flowfill runs --shop ${SANDBOX_SHOP}`,
      `  npx flowfill simulate fulfill-from-best-location --shop ${SANDBOX_SHOP} --order 1003${port === 8080 ? '' : ` --url http://localhost:${port}`}`,
      'An empty Overview? A month of runs made through the real pipeline:',
      '  npx flowfill sandbox history --days 30',
      '',
    ],
    async history(days, logger) {
      if (making) return 'busy';
      making = true;
      try {
        const store = { simulator, withClock: <T>(now: () => number, work: () => Promise<T>) => historyClock.run(now, work) };
        return await createSandboxHistory(db, secret, { days, now: clock.now(), logger, store });
      } finally {
        making = false;
      }
    },
  };
}

function randomHex(bytes: number): string {
  return [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
}
