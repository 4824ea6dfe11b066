import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/node';
import { normaliseDocument, type RuleDocument } from '../../../src/rules/document';
import { ruleVersions } from '../../../src/rules/store';
import { designDocument, trackingRule } from '../../rules/store-fixtures';
import { runCli, runMain, tempDatabase } from '../run-cli';

/** Child processes of tsx take a second or more each on a busy machine. */
const CHILD_TIMEOUT = { timeout: 90_000 };
const SHOP = 'rules.myshopify.com';

describe('flowfill rules', () => {
  const temp = tempDatabase();
  afterAll(() => temp.cleanup());
  const file = (name: string, content: unknown) => {
    const path = join(temp.dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    return path;
  };

  it('validate: "valid: N rules" and exit 0, or one "path: message" line per error and exit 1', CHILD_TIMEOUT, async () => {
    const valid = await runCli(['rules', 'validate', file('valid.json', designDocument())]);
    expect(valid.stderr).toBe('');
    expect(valid.stdout).toBe('valid: 3 rules\n');
    expect(valid.code).toBe(0);

    const bad = designDocument() as { rules: Record<string, unknown>[] };
    bad.rules[0]!.elegible = true;
    bad.rules[1]!.ready = { '>=': [{ var: 'line.availabel' }, 0] };
    const invalid = await runCli(['rules', 'validate', file('invalid.json', bad)]);
    expect(invalid.code).toBe(1);
    const lines = invalid.stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(line).toMatch(/^(\/\S*|\(document\)): \S/);
    expect(lines.some((line) => line.startsWith('/rules/0'))).toBe(true);
    expect(lines.some((line) => line.startsWith('/rules/1/ready'))).toBe(true);
    expect(invalid.stderr).toMatch(/^flowfill: .*invalid\.json is not a valid rule document \(\d+ errors?\)\n$/);
  });

  it('validate: JSON syntax errors, a missing file and a directory each get one line', async () => {
    const syntax = await runMain(['rules', 'validate', file('syntax.json', '{\n  "rules": [\n    {"name": "x",}\n  ]\n}\n')]);
    expect(syntax.code).toBe(1);
    expect(syntax.stdout.trimEnd().split('\n').length).toBeGreaterThanOrEqual(1);

    const missing = await runMain(['rules', 'validate', join(temp.dir, 'nope.json')]);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toMatch(/^flowfill: cannot read .*nope\.json: no such file\n$/);

    const directory = await runMain(['rules', 'validate', temp.dir]);
    expect(directory.code).toBe(1);
    expect(directory.stderr).toMatch(/cannot read .*: it is a directory/);

    // A byte order mark from a Windows editor is not an error.
    const bom = await runMain(['rules', 'validate', file('bom.json', `\uFEFF${JSON.stringify({ rules: [trackingRule('ups')] })}`)]);
    expect(bom).toMatchObject({ code: 0, stdout: 'valid: 1 rule\n' });
  });

  it('import, export, re-import, export: identical text, versions kept; then a change and a removal', CHILD_TIMEOUT, async () => {
    const env = { DATABASE_URL: temp.url };
    const imported = await runCli(['rules', 'import', file('design.json', designDocument()), '--shop', SHOP], { env });
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(new RegExp(`^Imported .*design\\.json into ${SHOP} \\(.*\\): 3 added\\.\\n`));
    expect(imported.stdout).toMatch(/^ {2}added {2}brazil-correios {11}v1$/m);
    expect(imported.stderr).toContain(`note: ${SHOP} is not installed here yet`);

    const exported = await runCli(['rules', 'export', '--shop', SHOP], { env });
    expect(exported.code).toBe(0);
    expect(exported.stderr).toBe('');
    expect(JSON.parse(exported.stdout)).toEqual(normaliseDocument(designDocument() as RuleDocument));
    expect(exported.stdout).toBe(`${JSON.stringify(JSON.parse(exported.stdout), null, 2)}\n`);

    const again = await runCli(['rules', 'import', file('exported.json', exported.stdout), '--shop', SHOP], { env });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(': 3 unchanged.');
    const second = await runCli(['rules', 'export', '--shop', SHOP], { env });
    expect(second.stdout).toBe(exported.stdout);

    const doc = designDocument();
    doc.rules[0]!.priority = 1;
    doc.rules.splice(1, 1);
    const changed = await runCli(['rules', 'import', file('changed.json', doc), '--shop', SHOP], { env });
    expect(changed.code).toBe(0);
    expect(changed.stdout).toContain(': 1 changed, 1 unchanged, 1 retired.');
    expect(changed.stdout).toMatch(/^ {2}changed {4}us-east-warehouses-first {2}v2 \(was v1\)$/m);
    expect(changed.stdout).toMatch(/^ {2}retired {4}ship-in-stock-lines {7}v1 \(kept in history\)$/m);

    const opened = await openDatabase(temp.url);
    try {
      expect((await ruleVersions(opened.db, SHOP, 'us-east-warehouses-first'))?.versions.map((v) => v.version)).toEqual([1, 2]);
    } finally {
      opened.close();
    }
  });

  it('import refuses an invalid file with its errors and changes nothing', CHILD_TIMEOUT, async () => {
    const env = { DATABASE_URL: temp.url };
    const before = await runMain(['rules', 'export', '--shop', SHOP], env);
    const refused = await runCli(
      ['rules', 'import', file('typo.json', { rules: [{ ...trackingRule('ups'), carier: 'UPS' }] }), '--shop', SHOP],
      { env },
    );
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/^\/rules\/0\S*: /);
    expect(refused.stderr).toMatch(/is not a valid rule document \(\d+ errors?\); nothing was imported\n$/);
    expect((await runMain(['rules', 'export', '--shop', SHOP], env)).stdout).toBe(before.stdout);
  });

  it('export: an empty document (and a note) for a shop without rules; a clear error without a database', async () => {
    const empty = await runMain(['rules', 'export', '--shop', 'nobody.myshopify.com'], { DATABASE_URL: temp.url });
    expect(empty.code).toBe(0);
    expect(JSON.parse(empty.stdout)).toEqual({ rules: [] });
    expect(empty.stderr).toContain('note: nobody.myshopify.com has no rules yet');

    const noDb = await runMain(['rules', 'export', '--shop', SHOP], { DATABASE_URL: `file:${join(temp.dir, 'missing', 'x.db')}` });
    expect(noDb.code).toBe(1);
    expect(noDb.stderr).toMatch(/^flowfill: no database at .*missing.*x\.db yet/);
  });

  it('usage errors exit 2 with the usage line; --help describes each command', async () => {
    const cases: [string[], RegExp, RegExp][] = [
      [['rules', 'validate'], /flowfill rules validate: missing <file>/, /^Usage: flowfill rules validate <file>$/m],
      [
        ['rules', 'import', 'x.json'],
        /flowfill rules import: missing --shop <shop>/,
        /^Usage: flowfill rules import <file> --shop <shop>$/m,
      ],
      [['rules', 'export'], /flowfill rules export: missing --shop <shop>/, /^Usage: flowfill rules export --shop <shop>$/m],
      [['rules', 'export', '--shop', 'not a shop'], /"not a shop" is not a shop domain/, /^Usage: flowfill rules export/m],
      [['rules'], /flowfill rules: missing subcommand/, /^Usage: flowfill rules validate <file>$/m],
    ];
    for (const [args, message, usage] of cases) {
      const result = await runMain(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toMatch(usage);
    }
    for (const [name, text] of [
      ['validate', /exit 0 if it is valid/],
      ['import', /replace the shop's rules/],
      ['export', /Print the shop's rule document/],
    ] as const) {
      const help = await runMain(['rules', name, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: flowfill rules ${name} `));
      expect(help.stdout).toMatch(text);
      expect(help.stdout).toContain('Example:');
    }
    expect((await runMain(['--help'])).stdout).toMatch(/^ {2}rules import {2,}/m);
  });
});
