/** Fault injection for tests: failing, slow or throttling Admin API behaviour on demand. */
import type { BucketConfig } from './cost';

export interface OperationHookInfo {
  shop: string;
  rootFields: string[];
  query: string;
}

export interface SimulatorFaults {
  /** Share of requests (0..1) answered with HTTP 503 and an HTML body, like Shopify's edge. */
  http5xxRate?: number;
  /**
   * 'before' (default): the 503 replaces the operation (decided as the request arrives).
   * 'after': the operation runs, then its response is lost (decided after it ran, so a
   * beforeOperation hook can switch it on for the very request it sees).
   */
  http5xxPhase?: 'before' | 'after';
  /** Delay before answering, in ms (real timers). */
  latencyMs?: number;
  /** Seed of the deterministic random source deciding which requests fail. */
  random?: number;
  /** HTTP status of a throttled answer: 200 (usual) or 429. */
  throttleStatus?: 200 | 429;
  /** Bucket size and restore rate per second (default 2000 / 100). */
  bucket?: Partial<BucketConfig>;
  /**
   * Runs before each authenticated, valid operation, before it touches the bucket or the store.
   * Await something to pause it (e.g. between a move and a create); return a Response to answer
   * with it instead; throw to answer HTTP 500.
   */
  beforeOperation?: (
    operationName: string,
    variables: Record<string, unknown>,
    info: OperationHookInfo,
  ) => Promise<Response | void> | Response | void;
}

/** A small deterministic PRNG (mulberry32): the same seed fails the same requests. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The page Shopify's edge serves with a 503. */
export const SERVICE_UNAVAILABLE_HTML = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Service Unavailable</title></head>
<body>
<h1>503 Service Unavailable</h1>
<p>There was a problem loading this website. Please try again.</p>
</body>
</html>
`;
