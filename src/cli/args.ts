/** Command-line parsing on top of node:util's parseArgs, with flowfill's usage errors and help text. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError, type Command, type OptionSpecs, type OptionValues, type ParsedInput } from './command';

export const PROGRAM = 'flowfill';

/** `flowfill shop add <shop.myshopify.com> --token <admin-api-token> ...` */
export function usageLine(command: Command<OptionSpecs>): string {
  return `Usage: ${PROGRAM} ${command.name}${command.usage ? ` ${command.usage}` : ''}`;
}

/** True when the arguments ask for help (`-h`/`--help` anywhere before `--`). */
export function wantsHelp(argv: readonly string[]): boolean {
  for (const arg of argv) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
}

/**
 * Parses a command's arguments strictly: unknown options, missing values, missing or extra
 * positionals and missing required options all become a UsageError naming the problem.
 */
export function parseCommandArgs<O extends OptionSpecs>(command: Command<O>, argv: readonly string[]): ParsedInput<O> {
  const usage = usageLine(command as Command<OptionSpecs>);
  const config: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, spec] of Object.entries(command.options)) {
    config[name] = { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) };
  }
  let parsed: { values: Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options: config, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(`${PROGRAM} ${command.name}: ${describeParseError(error)}`, usage);
  }

  const missing = command.positionals.slice(parsed.positionals.length);
  if (missing.length > 0) throw new UsageError(`${PROGRAM} ${command.name}: missing ${missing.join(' ')}`, usage);
  const extra = parsed.positionals.slice(command.positionals.length);
  if (extra.length > 0) throw new UsageError(`${PROGRAM} ${command.name}: unexpected argument ${JSON.stringify(extra[0])}`, usage);

  const options: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(command.options)) {
    const value = parsed.values[name];
    if (spec.type === 'boolean') {
      options[name] = value === true;
    } else if (spec.multiple) {
      options[name] = Array.isArray(value) ? value.map(String) : [];
    } else {
      if (spec.required && (value === undefined || value === '')) {
        throw new UsageError(`${PROGRAM} ${command.name}: missing --${name}${spec.value ? ` ${spec.value}` : ''}`, usage);
      }
      options[name] = typeof value === 'string' ? value : undefined;
    }
  }
  return { positionals: parsed.positionals, options: options as OptionValues<O> };
}

/** `--help` text of one command. */
export function commandHelp(command: Command<OptionSpecs>): string {
  const rows: [string, string][] = Object.entries(command.options).map(([name, spec]) => [
    `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.value ? ` ${spec.value}` : ''}`,
    `${spec.description}${spec.required ? ' (required)' : ''}${spec.multiple ? ' (repeatable)' : ''}`,
  ]);
  rows.push(['-h, --help', 'Show this help.']);
  const lines = [usageLine(command), '', command.summary, '', 'Options:', ...alignRows(rows, '  ')];
  if (command.details?.length) lines.push('', ...command.details);
  return lines.join('\n');
}

/** Two-column text, the first column padded to its widest cell. */
export function alignRows(rows: readonly [string, string][], indent = ''): string[] {
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `${indent}${left.padEnd(width)}  ${right}`.trimEnd());
}

function describeParseError(error: unknown): string {
  const code = (error as { code?: string } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-{1,2}[^' ]+)/.exec(message)?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option ?? message}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/argument missing/.test(message)) return `${option ?? 'an option'} needs a value`;
      if (/does not take an argument/.test(message)) return `${option ?? 'a flag'} takes no value`;
      if (/ambiguous/.test(message))
        return `${option ?? 'an option'} needs a value (write ${option ?? '--option'}=VALUE for a value starting with "-")`;
      return message.split('\n')[0] ?? message;
    default:
      return message.split('\n')[0] ?? message;
  }
}
