/** The request body limit every route that reads a body uses: 413 `body_too_large` past `maxSize`. */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { errorBody } from './error-body';

/** Refuses a body over `maxSize` bytes with 413 and `message` (which names the limit for the caller). */
export function limitBody(maxSize: number, message: string): MiddlewareHandler {
  return bodyLimit({ maxSize, onError: (c) => c.json(errorBody('body_too_large', message), 413) });
}
