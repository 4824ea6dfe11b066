/** What every `flowfill` command is made of: its spec (for parsing and help), its context, its errors. */

/** One `--option`: how it parses and how `--help` describes it. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** May be given several times (`--prop a=1 --prop b=2`). */
  multiple?: boolean;
  required?: boolean;
  /** Placeholder shown in help, e.g. `<shop>`. */
  value?: string;
  description: string;
}

export type OptionSpecs = Record<string, OptionSpec>;

/** The parsed option values of a command, typed from its option specs. */
export type OptionValues<O extends OptionSpecs> = {
  [K in keyof O]: O[K]['type'] extends 'boolean'
    ? boolean
    : O[K]['multiple'] extends true
      ? string[]
      : O[K]['required'] extends true
        ? string
        : string | undefined;
};

export interface ParsedInput<O extends OptionSpecs> {
  /** Positional arguments after the command words, as many as the spec names. */
  positionals: string[];
  options: OptionValues<O>;
}

/** Everything a command touches outside itself, so tests and other entry points can substitute it. */
export interface CliContext {
  env: Record<string, string | undefined>;
  /** Writes one line (or several, joined) to stdout. */
  out(text: string): void;
  /** Writes one line to stderr. */
  err(text: string): void;
  fetch: typeof fetch;
  now(): number;
  /** The whole of stdin (for `--token -`). */
  readStdin(): Promise<string>;
  /** Marks a value (a token) that must never appear in output; error messages are scrubbed of it. */
  addSecret(value: string): void;
}

export interface Command<O extends OptionSpecs = OptionSpecs> {
  /** The words that select the command, e.g. `shop add`. */
  name: string;
  /** One line for `flowfill --help`. */
  summary: string;
  /** What follows the name in the usage line, e.g. `<shop.myshopify.com> --token <admin-api-token>`. */
  usage: string;
  /** Names of the required positional arguments, in order. */
  positionals: string[];
  options: O;
  /** More help text: what it does in detail, examples. */
  details?: string[];
  /** Runs the command; resolves to the exit code. */
  run(input: ParsedInput<O>, ctx: CliContext): Promise<number>;
}

/** Declares a command with its option types inferred from the spec. */
export function defineCommand<const O extends OptionSpecs>(command: Command<O>): Command<O> {
  return command;
}

/** A failure the user can act on: printed as one line on stderr, exit 1. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

/** Bad command line (unknown command or option, missing or malformed argument): exit 2 with a usage line. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The usage line to print under the message. */
    readonly usage: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A malformed argument value (bad shop domain, order id, `--prop`): reported like a UsageError of the running command. */
export class ArgumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArgumentError';
  }
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** An error as one line, preferring the innermost cause (drizzle's "Failed query" wraps the real reason). */
export function oneLine(error: unknown): string {
  let current: unknown = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  const message = current instanceof Error ? current.message : String(current);
  // libSQL quotes a bad URL back, and a Turso URL may carry ?authToken=…
  return (message.split('\n')[0]?.trim() || 'unknown error').replace(/(authToken=)[^&\s'"]+/gi, '$1[redacted]');
}
