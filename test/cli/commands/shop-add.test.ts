import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/node';
import { getShopAccess } from '../../../src/db/shops';
import { ROOT, runCli, runMain, tempDatabase } from '../run-cli';

/** Child processes of tsx take a second or more each on a busy machine. */
const CHILD_TIMEOUT = { timeout: 90_000 };

const appScopes = String((parse(readFileSync(join(ROOT, 'shopify.app.toml'), 'utf8')).access_scopes as { scopes: string }).scopes)
  .split(',')
  .map((scope) => scope.trim());

async function readAccess(url: string, shop: string) {
  const opened = await openDatabase(url);
  try {
    return await getShopAccess(opened.db, shop);
  } finally {
    opened.close();
  }
}

describe('flowfill shop add', () => {
  const temps: { cleanup(): void }[] = [];
  afterEach(() => temps.splice(0).forEach((temp) => temp.cleanup()));

  it('migrates a new database, stores the token as the offline session, and never prints it', CHILD_TIMEOUT, async () => {
    const temp = tempDatabase();
    temps.push(temp);
    const token = 'shpat_0123456789abcdef0123456789abcdef';

    const added = await runCli(['shop', 'add', 'Example.MyShopify.com', '--token', token], { env: { DATABASE_URL: temp.url } });
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toContain(
      `Registered example.myshopify.com in ${join(temp.dir, 'x.db')}: offline Admin API token stored (not shown).`,
    );
    expect(added.stdout).toContain(`Scopes: ${appScopes.join(', ')}`);
    expect(added.stdout).not.toContain(token);
    expect(await readAccess(temp.url, 'example.myshopify.com')).toEqual({
      shop: 'example.myshopify.com',
      installed: true,
      accessToken: token,
      scopes: appScopes,
    });

    // Again, with the token on stdin and explicit scopes: it replaces both.
    const newToken = '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';
    const again = await runCli(
      ['shop', 'add', 'example.myshopify.com', '--token', '-', '--scopes', 'read_orders,write_merchant_managed_fulfillment_orders'],
      {
        env: { DATABASE_URL: temp.url },
        stdin: `${newToken}\n`,
      },
    );
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Updated example.myshopify.com');
    expect(again.stdout).toContain('Scopes: read_orders, write_merchant_managed_fulfillment_orders');
    expect(again.stdout + again.stderr).not.toContain(newToken);
    expect(await readAccess(temp.url, 'example.myshopify.com')).toMatchObject({
      accessToken: newToken,
      scopes: ['read_orders', 'write_merchant_managed_fulfillment_orders'],
    });
  });

  it('fails with one line, without the token, when the database cannot be reached or the configuration is bad', async () => {
    const token = 'shpat_never_printed_123456';
    const unreachable = await runMain(['shop', 'add', 'a.myshopify.com', '--token', token], {
      DATABASE_URL: 'http://127.0.0.1:9/',
      DATABASE_AUTH_TOKEN: 'db-token-never-printed',
    });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/^flowfill: cannot apply migrations to http:\/\/127\.0\.0\.1:9: .+\n$/);
    expect(unreachable.stderr).not.toContain(token);
    expect(unreachable.stderr).not.toContain('db-token-never-printed');

    const badConfig = await runMain(['shop', 'add', 'a.myshopify.com', '--token', token], { PORT: 'eighty' });
    expect(badConfig.code).toBe(1);
    expect(badConfig.stderr).toMatch(/^flowfill: invalid configuration: PORT: .+\n$/);

    const emptyStdin = await runMain(['shop', 'add', 'a.myshopify.com', '--token', '-']);
    expect(emptyStdin.code).toBe(2);
    expect(emptyStdin.stderr).toMatch(/stdin held no token/);
  });
});

describe('flowfill db migrate', () => {
  it('applies the migrations once, then reports the database up to date', async () => {
    const temp = tempDatabase();
    try {
      const first = await runMain(['db', 'migrate'], { DATABASE_URL: temp.url });
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/^Applied \d+ migrations? to .*x\.db; it is up to date/);
      const second = await runMain(['db', 'migrate'], { DATABASE_URL: temp.url });
      expect(second.code).toBe(0);
      expect(second.stdout).toMatch(/x\.db is already up to date \(\d+ migrations?\)/);
    } finally {
      temp.cleanup();
    }
  });
});
