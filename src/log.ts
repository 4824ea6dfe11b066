/** Structured JSON-line logging that never carries secrets, tokens or customer data. */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  log(level: LogLevel, msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

/** Keys whose values are never written, whatever the caller passes. */
const REDACTED_KEYS = /token|secret|password|authorization|hmac|email|phone|address|first_?name|last_?name/i;

/** Writes one JSON object per line to `write` (stdout by default), redacting sensitive keys. */
export function createLogger(write: (line: string) => void = (line) => console.log(line), base: LogFields = {}): Logger {
  return {
    log(level, msg, fields = {}) {
      write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...redact(base), ...redact(fields) }));
    },
    child(fields) {
      return createLogger(write, { ...base, ...fields });
    },
  };
}

/** A logger that drops everything (tests that do not look at logs). */
export const silentLogger: Logger = { log: () => undefined, child: () => silentLogger };

function redact(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    if (REDACTED_KEYS.test(key)) out[key] = '[redacted]';
    else if (value instanceof Error) out[key] = { name: value.name, message: value.message };
    else out[key] = value;
  }
  return out;
}
