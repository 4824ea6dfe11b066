/** The `flowfill` command: finds the command named by the arguments, parses its options, runs it, maps failures to exit codes. */
import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alignRows, commandHelp, parseCommandArgs, PROGRAM, usageLine, wantsHelp } from './args';
import {
  ArgumentError,
  CliError,
  EXIT_FAILURE,
  EXIT_OK,
  EXIT_USAGE,
  oneLine,
  UsageError,
  type CliContext,
  type Command,
  type OptionSpecs,
} from './command';
import { COMMANDS } from './commands/index';
import { PROJECT_ROOT } from './project';

const GLOBAL_USAGE = `Usage: ${PROGRAM} <command> [options]   (${PROGRAM} --help lists the commands)`;

/** Runs one invocation (`argv` without node and the script) and resolves to its exit code. */
export async function main(
  argv: readonly string[],
  ctx: CliContext,
  commands: readonly Command<OptionSpecs>[] = COMMANDS,
): Promise<number> {
  let command: Command<OptionSpecs> | undefined;
  try {
    const first = argv[0];
    if (first === undefined) {
      ctx.err(globalHelp(commands));
      return EXIT_USAGE;
    }
    if (first === '--help' || first === '-h') {
      ctx.out(globalHelp(commands));
      return EXIT_OK;
    }
    if (first === '--version' || first === '-v') {
      ctx.out(version());
      return EXIT_OK;
    }
    if (first === 'help') {
      const topic = argv.slice(1);
      if (topic.length === 0) {
        ctx.out(globalHelp(commands));
        return EXIT_OK;
      }
      const found = findCommand(commands, topic);
      if (!found || found.rest.length > 0) throw unknownCommand(commands, topic);
      ctx.out(commandHelp(found.command));
      return EXIT_OK;
    }
    if (first.startsWith('-')) throw new UsageError(`${PROGRAM}: unknown option ${first}`, GLOBAL_USAGE);

    const found = findCommand(commands, argv);
    if (!found) throw unknownCommand(commands, argv);
    command = found.command;
    if (wantsHelp(found.rest)) {
      ctx.out(commandHelp(command));
      return EXIT_OK;
    }
    return await command.run(parseCommandArgs(command, found.rest), ctx);
  } catch (error) {
    if (error instanceof UsageError) {
      ctx.err(error.message);
      ctx.err(error.usage);
      return EXIT_USAGE;
    }
    if (error instanceof ArgumentError && command) {
      ctx.err(`${PROGRAM} ${command.name}: ${error.message}`);
      ctx.err(usageLine(command));
      return EXIT_USAGE;
    }
    if (error instanceof CliError || error instanceof ArgumentError) {
      ctx.err(`${PROGRAM}: ${error.message}`);
      return EXIT_FAILURE;
    }
    ctx.err(`${PROGRAM}: unexpected error: ${oneLine(error)}`);
    if (ctx.env.FLOWFILL_DEBUG && error instanceof Error && error.stack) ctx.err(error.stack);
    return EXIT_FAILURE;
  }
}

/** `flowfill --help`: every command with its summary, and the environment it reads. */
export function globalHelp(commands: readonly Command<OptionSpecs>[] = COMMANDS): string {
  return [
    `${PROGRAM}: custom Shopify Flow actions that fulfil orders by your own json-logic rules.`,
    '',
    `Usage: ${PROGRAM} <command> [options]`,
    '',
    'Commands:',
    ...alignRows(
      commands.map((command) => [command.name, command.summary]),
      '  ',
    ),
    '',
    `Run \`${PROGRAM} <command> --help\` (or \`${PROGRAM} help <command>\`) for a command's options.`,
    '',
    'Environment (the same as the server):',
    ...alignRows(
      [
        ['DATABASE_URL', 'libSQL URL: file:…, libsql://…, http(s)://… (default file:data/flowfill.db)'],
        ['DATABASE_AUTH_TOKEN', 'token for a remote libSQL server'],
        ['SHOPIFY_API_SECRET', 'signs `flow send` requests; unset = sandbox mode, using the dev secret the server stored'],
        ['PORT', 'where `flow send` finds the local server (default 8080)'],
      ],
      '  ',
    ),
  ].join('\n');
}

/** The command whose words start `argv` (the longest match), with the arguments after them. */
function findCommand(
  commands: readonly Command<OptionSpecs>[],
  argv: readonly string[],
): { command: Command<OptionSpecs>; rest: string[] } | null {
  let best: Command<OptionSpecs> | null = null;
  let bestLength = 0;
  for (const command of commands) {
    const words = command.name.split(' ');
    if (words.length > bestLength && words.every((word, i) => argv[i] === word)) {
      best = command;
      bestLength = words.length;
    }
  }
  return best ? { command: best, rest: argv.slice(bestLength) } : null;
}

/** "unknown command", with the usage of the group's commands when the first word names a group (`shop`). */
function unknownCommand(commands: readonly Command<OptionSpecs>[], argv: readonly string[]): UsageError {
  const first = argv[0] ?? '';
  const group = commands.filter((command) => command.name.split(' ')[0] === first && command.name.includes(' '));
  if (group.length > 0) {
    const second = argv[1];
    const problem =
      second === undefined || second.startsWith('-')
        ? `${PROGRAM} ${first}: missing subcommand`
        : `${PROGRAM}: unknown command "${first} ${second}"`;
    return new UsageError(problem, group.map((command) => usageLine(command)).join('\n'));
  }
  return new UsageError(`${PROGRAM}: unknown command "${first}"`, GLOBAL_USAGE);
}

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version?: string };
    return `${PROGRAM} ${pkg.version ?? 'unknown'}`;
  } catch {
    return `${PROGRAM} (version unknown)`;
  }
}

/** The real process: stdout/stderr, process.env, global fetch; output is scrubbed of registered secrets. */
export function nodeContext(env: Record<string, string | undefined> = process.env): CliContext {
  const secrets = new Set<string>();
  const scrub = (text: string) => {
    let clean = text;
    for (const secret of secrets) clean = clean.split(secret).join('[redacted]');
    return clean;
  };
  const ctx: CliContext = {
    env,
    out: (text) => void process.stdout.write(`${scrub(text)}\n`),
    err: (text) => void process.stderr.write(`${scrub(text)}\n`),
    fetch: (input, init) => fetch(input, init),
    now: () => Date.now(),
    async readStdin() {
      if (process.stdin.isTTY) process.stderr.write('Paste the token, then press Enter and Ctrl-D:\n');
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
      return Buffer.concat(chunks).toString('utf8');
    },
    addSecret(value) {
      // Very short values would blank out ordinary words; real secrets and tokens are long.
      if (value.length >= 6) secrets.add(value);
    },
  };
  for (const name of ['SHOPIFY_API_SECRET', 'DATABASE_AUTH_TOKEN']) {
    const value = env[name];
    if (value) ctx.addSecret(value);
  }
  return ctx;
}

/** Runs the CLI in this process and sets the exit code (the process then ends on its own, with output flushed). */
export async function runCli(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  process.exitCode = await main(argv, nodeContext());
}

/** True when this module is the script node (or tsx) was started with, as with `npm run flowfill`. */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) await runCli();
