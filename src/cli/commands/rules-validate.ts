/** `flowfill rules validate`: check a rule document file and print every error with its JSON path. */
import { readFile } from 'node:fs/promises';
import { CliError, defineCommand, EXIT_FAILURE, EXIT_OK, type CliContext } from '../command';

export const rulesValidateCommand = defineCommand({
  name: 'rules validate',
  summary: 'Check a rule document (JSON) without a database: exit 0 if it is valid, else print each error with its JSON path and exit 1.',
  usage: '<file>',
  positionals: ['<file>'],
  options: {},
  details: [
    'Prints "valid: N rules", or one line per error: the JSON pointer of the problem and what to do,',
    'e.g. "/rules/2/eligible/and/1/var: unknown variable order.shiping_address; did you mean order.shipping_address?".',
    'The format and every variable and operator are described in docs/rules.md.',
    '',
    'Example:',
    '  npx flowfill rules validate rules.json',
  ],
  async run({ positionals }, ctx) {
    const file = positionals[0] ?? '';
    const checked = await checkRuleFile(file, ctx);
    if (!checked.ok) {
      ctx.err(`flowfill: ${file} is not a valid rule document (${plural(checked.errors, 'error')})`);
      return EXIT_FAILURE;
    }
    ctx.out(`valid: ${plural(checked.rules, 'rule')}`);
    return EXIT_OK;
  },
});

/**
 * Reads and validates a rule file, printing each error as `path: message` on stdout. Resolves to
 * the document's text when it is valid (for `rules import`), else to the error count.
 */
export async function checkRuleFile(
  file: string,
  ctx: CliContext,
): Promise<{ ok: true; text: string; rules: number } | { ok: false; errors: number }> {
  const text = await readRuleFile(file);
  // Loaded here, not at the top: `--help` should not wait for the validator and zod.
  const { validateRuleDocument } = await import('../../rules/validate');
  const result = validateRuleDocument(text);
  if (result.ok) return { ok: true, text, rules: result.document.rules.length };
  for (const error of result.errors) ctx.out(`${error.path === '' ? '(document)' : error.path}: ${error.message}`);
  return { ok: false, errors: result.errors.length };
}

/** The file's text (a UTF-8 byte order mark, as some editors write, is dropped); unreadable → one-line CliError. */
export async function readRuleFile(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  } catch (error) {
    const code = (error as { code?: string }).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : error instanceof Error
              ? error.message
              : String(error);
    throw new CliError(`cannot read ${file}: ${reason}`);
  }
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
