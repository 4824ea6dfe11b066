/** The one seam for work that outlives its response (a Flow run answered 202 keeps going). */
import type { Context } from 'hono';

export type WaitUntil = (promise: Promise<unknown>) => void;

/**
 * The request's ExecutionContext on Workers (the isolate may stop once the response is sent
 * unless told to wait); elsewhere `fallback`, the app's own (AppDeps.waitUntil: Node's shutdown
 * waits for what it was given).
 */
export function waitUntilOf(c: Context, fallback: WaitUntil): WaitUntil {
  try {
    const ctx = c.executionCtx;
    return (promise) => ctx.waitUntil(promise);
  } catch {
    // Hono throws when the runtime gave it no ExecutionContext (Node, app.request in tests).
    return fallback;
  }
}
