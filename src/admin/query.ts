/** The admin API's answer to a query string it refuses: 400 `invalid_query` naming each bad parameter. */
import type { Context } from 'hono';
import { z } from 'zod';
import { errorBody } from '../http/error-body';

/** 400 `invalid_query` with zod's issues (or a message) as one line. */
export function badQuery(c: Context, error: z.ZodError | string) {
  const message = typeof error === 'string' ? error : error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ');
  return c.json(errorBody('invalid_query', message), 400);
}

/** A comma-separated list of `values` (`?status=failed,pending`), empty when absent. */
export const commaList = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .optional()
    .transform((s) =>
      s
        ? s
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean)
        : [],
    )
    .pipe(z.array(z.enum(values, { error: `must be one or more of ${values.join(', ')}` })));
