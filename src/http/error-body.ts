/** The one JSON error shape every route answers with: `{"error": {"code", "message", ...}}`. */

export interface ErrorBody {
  error: { code: string; message: string } & Record<string, unknown>;
}

/** `{"error": {code, message, ...extra}}`; `extra` carries a field a route adds (reason, details, errors...). */
export function errorBody(code: string, message: string, extra: Record<string, unknown> = {}): ErrorBody {
  return { error: { code, message, ...extra } };
}
