import { describe, expect, it } from 'vitest';
import { runCli, runMain } from './run-cli';

/** Child processes of tsx take a second or more each on a busy machine. */
const CHILD_TIMEOUT = { timeout: 90_000 };

describe('flowfill: help and usage', () => {
  it('runs as a child process: --help lists the commands (exit 0); bad usage exits 2 with a usage line', CHILD_TIMEOUT, async () => {
    const [help, none, unknown, badFlag, badValue] = await Promise.all([
      runCli(['--help']),
      runCli([]),
      runCli(['bogus']),
      runCli(['runs', '--bogus', '--shop', 'a.myshopify.com']),
      runCli(['flow', 'send', 'add-tracking', '--shop', 'a.myshopify.com', '--order', '#1001']),
    ]);
    expect(help.code).toBe(0);
    expect(help.stderr).toBe('');
    for (const name of ['shop add', 'flow send', 'runs', 'db migrate']) expect(help.stdout).toContain(`  ${name}  `);
    expect(help.stdout).toContain('DATABASE_URL');
    // No command at all: the same list, as a usage error.
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('  flow send  ');

    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      'flowfill: unknown command "bogus"\nUsage: flowfill <command> [options]   (flowfill --help lists the commands)\n',
    );
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toBe(
      'flowfill runs: unknown option --bogus\nUsage: flowfill runs --shop <shop> [--limit N] [--status s] [--json]\n',
    );
    expect(badValue.code).toBe(2);
    expect(badValue.stderr).toMatch(/^flowfill flow send: "#1001" is not an order id: .*\nUsage: flowfill flow send <handle> /);
    for (const result of [unknown, badFlag, badValue]) expect(result.stdout).toBe('');
  });

  it('shows each command its own help', async () => {
    const shopAdd = await runMain(['shop', 'add', '--help']);
    expect(shopAdd.code).toBe(0);
    expect(shopAdd.stdout).toMatch(/^Usage: flowfill shop add <shop\.myshopify\.com> --token <admin-api-token> \[--scopes a,b,c\]\n/);
    expect(shopAdd.stdout).toContain('--scopes <a,b,c>');

    const flowSend = await runMain(['flow', 'send', '-h']);
    expect(flowSend.code).toBe(0);
    expect(flowSend.stdout).toMatch(
      /^Usage: flowfill flow send <handle> --shop <shop> --order <id> \[--prop k=v\]\.\.\. \[--url BASE\] \[--run-id ID\]\n/,
    );
    for (const option of ['--prop <key=value>', '--url <BASE>', '--run-id <ID>', '(repeatable)']) expect(flowSend.stdout).toContain(option);
    expect((await runMain(['help', 'flow', 'send'])).stdout).toBe(flowSend.stdout);
    // --help wins over missing or bad arguments.
    expect((await runMain(['flow', 'send', '--order', '#x', '--help'])).stdout).toBe(flowSend.stdout);

    const runs = await runMain(['runs', '--help']);
    expect(runs.stdout).toMatch(/^Usage: flowfill runs --shop <shop> \[--limit N\] \[--status s\] \[--json\]\n/);
    const dbMigrate = await runMain(['db', 'migrate', '--help']);
    expect(dbMigrate.stdout).toMatch(/^Usage: flowfill db migrate\n/);
    expect((await runMain(['--version'])).stdout).toMatch(/^flowfill \d+\.\d+\.\d+/);
  });

  it('exits 2 with the problem and a usage line for every kind of bad usage', async () => {
    const cases: [string[], RegExp, RegExp][] = [
      [['--bogus'], /unknown option --bogus/, /^Usage: flowfill <command>/m],
      [['help', 'nope'], /unknown command "nope"/, /^Usage: flowfill <command>/m],
      [['shop'], /flowfill shop: missing subcommand/, /^Usage: flowfill shop add /m],
      [['shop', 'remove', 'x.myshopify.com'], /unknown command "shop remove"/, /^Usage: flowfill shop add /m],
      [['runs'], /flowfill runs: missing --shop <shop>/, /^Usage: flowfill runs /m],
      [['runs', '--shop'], /--shop needs a value/, /^Usage: flowfill runs /m],
      [['runs', '--shop', 'a.myshopify.com', '--json=yes'], /--json takes no value/, /^Usage: flowfill runs /m],
      [['runs', '--shop', 'a.myshopify.com', 'extra'], /unexpected argument "extra"/, /^Usage: flowfill runs /m],
      [['runs', '--shop', 'shop.example.com'], /"shop\.example\.com" is not a shop domain/, /^Usage: flowfill runs /m],
      [['runs', '--shop', 'a.myshopify.com', '--limit', '0'], /--limit must be a whole number from 1 to 1000/, /^Usage: flowfill runs /m],
      [['runs', '--shop', 'a.myshopify.com', '--status', 'done'], /--status "done" is not a run status/, /^Usage: flowfill runs /m],
      [['shop', 'add', '--token', 'shpat_x'], /flowfill shop add: missing <shop\.myshopify\.com>/, /^Usage: flowfill shop add /m],
      [['shop', 'add', 'a.myshopify.com'], /missing --token <admin-api-token>/, /^Usage: flowfill shop add /m],
      [
        ['shop', 'add', 'a.myshopify.com', '--token', 'shpat_x', '--scopes', 'read orders'],
        /"read orders" is not an access scope/,
        /^Usage: flowfill shop add /m,
      ],
      [['flow', 'send'], /flowfill flow send: missing <handle>/, /^Usage: flowfill flow send /m],
      [['flow', 'send', 'add-tracking', '--shop', 'a.myshopify.com'], /missing --order <id>/, /^Usage: flowfill flow send /m],
      [
        ['flow', 'send', 'add-tracking', '--shop', 'a.myshopify.com', '--order', '1', '--prop', 'oops'],
        /--prop "oops" must look like key=value/,
        /^Usage: flowfill flow send /m,
      ],
      [
        ['flow', 'send', 'add-tracking', '--shop', 'a.myshopify.com', '--order', '1', '--prop', 'order_id=2'],
        /use --order/,
        /^Usage: flowfill flow send /m,
      ],
      [
        ['flow', 'send', 'add-tracking', '--shop', 'a.myshopify.com', '--order', '1', '--url', 'localhost:8080'],
        /--url must be an http/,
        /^Usage: flowfill flow send /m,
      ],
      [['db', 'migrate', 'now'], /unexpected argument "now"/, /^Usage: flowfill db migrate$/m],
    ];
    for (const [args, problem, usage] of cases) {
      const result = await runMain(args);
      const label = args.join(' ');
      expect(result.code, label).toBe(2);
      expect(result.stderr, label).toMatch(problem);
      expect(result.stderr, label).toMatch(usage);
      expect(result.stderr.trim().split('\n'), label).toHaveLength(2);
      expect(result.stdout, label).toBe('');
    }
  });
});
