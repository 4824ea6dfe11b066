/** What the CLI tells of a request that got no answer. */

/** Why undici's "fetch failed": the system error code (ECONNREFUSED, ENOTFOUND, …) or the innermost message. */
export function networkReason(error: unknown): string | null {
  let message: string | null = null;
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code) return code;
    const innerCode = ((current as { errors?: unknown[] }).errors?.[0] as { code?: unknown } | undefined)?.code;
    if (typeof innerCode === 'string' && innerCode) return innerCode;
    if (current instanceof Error && current.message && current.message !== 'fetch failed') message = current.message;
    current = (current as { cause?: unknown }).cause;
  }
  return message;
}
