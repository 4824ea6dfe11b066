import { existsSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyHmac } from '../../../src/flow/hmac';
import { migrateDatabase, openDatabase } from '../../../src/db/node';
import { DEV_SECRET_KEY, putSettingOnce } from '../../../src/db/shops';
import { runCli, runMain, tempDatabase } from '../run-cli';

/** Child processes of tsx take a second or more each on a busy machine. */
const CHILD_TIMEOUT = { timeout: 90_000 };

const SECRET = 'test-app-secret-0123456789';
const DEV_SECRET = 'dev-secret-from-the-sandbox-abcdef';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  raw: Buffer;
  body: Record<string, unknown>;
}

/** A stand-in Flow endpoint: records each request and answers with the status named by `action_run_id` ("status-422"). */
function startServer(): Promise<{ server: Server; port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, raw, body });
      const status = Number(/^status-(\d{3})$/.exec(String(body.action_run_id))?.[1] ?? 200);
      const answer =
        status === 200
          ? { return_value: { tracking_number: '1Z999AA10123456784', tracking_company: 'UPS' } }
          : status === 202
            ? { status: 'pending', reason: 'throttled' }
            : { error: { code: status === 401 ? 'invalid_hmac' : 'order_not_found', message: 'No order 1002 in this shop.' } };
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  // No host: listen on both IPv4 and IPv6, since `localhost` may resolve to either.
  return new Promise((resolve) => server.listen(0, () => resolve({ server, port: (server.address() as AddressInfo).port, received })));
}

describe('flowfill flow send', () => {
  let server: Server;
  let port: number;
  let received: Received[];
  const sandboxDb = tempDatabase();
  const emptyDb = tempDatabase();

  beforeAll(async () => {
    ({ server, port, received } = await startServer());
    const sandbox = await openDatabase(sandboxDb.url);
    await migrateDatabase(sandbox.db);
    await putSettingOnce(sandbox.db, DEV_SECRET_KEY, DEV_SECRET, Date.now());
    sandbox.close();
    const empty = await openDatabase(emptyDb.url);
    await migrateDatabase(empty.db);
    empty.close();
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    sandboxDb.cleanup();
    emptyDb.cleanup();
  });

  const request = (runId: string) => received.find((r) => r.body.action_run_id === runId);

  it('POSTs a signed Flow request and exits 0 on 200/202, 1 on other statuses', CHILD_TIMEOUT, async () => {
    const noDatabase = `file:${emptyDb.dir}/must-not-be-created.db`;
    const withSecret = { SHOPIFY_API_SECRET: SECRET, DATABASE_URL: noDatabase };
    const base = `http://127.0.0.1:${port}`;
    const [ok, accepted, failed, rejected, sandbox] = await Promise.all([
      runCli(
        [
          'flow',
          'send',
          'add-tracking',
          '--shop',
          'A.myshopify.com',
          '--order',
          '1001',
          '--prop',
          'tracking_number=1Z999AA10123456784',
          '--prop',
          'notify_customer=true',
          '--url',
          `${base}/`,
        ],
        { env: withSecret },
      ),
      runCli(
        [
          'flow',
          'send',
          'add-tracking',
          '--shop',
          'a.myshopify.com',
          '--order',
          'gid://shopify/Order/1002',
          '--run-id',
          'status-202',
          '--url',
          `${base}/prefix`,
        ],
        { env: withSecret },
      ),
      runCli(['flow', 'send', 'add-tracking', '--shop', 'a.myshopify.com', '--order', '1002', '--run-id', 'status-422', '--url', base], {
        env: withSecret,
      }),
      runCli(['flow', 'send', 'add-tracking', '--shop', 'a.myshopify.com', '--order', '1002', '--run-id', 'status-401', '--url', base], {
        env: withSecret,
      }),
      // Sandbox mode: no SHOPIFY_API_SECRET, the dev secret from the database, the server found through PORT.
      runCli(
        [
          'flow',
          'send',
          'add-tracking',
          '--shop',
          'a.myshopify.com',
          '--order',
          '1003',
          '--run-id',
          'sandbox-run',
          '--prop',
          'tracking_number=RA123456785BR',
        ],
        {
          env: { DATABASE_URL: sandboxDb.url, PORT: String(port) },
        },
      ),
    ]);

    // 200: the body exactly like Flow's, the signature over its raw bytes, the answer printed.
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    const runId = /^action_run_id: (.+)$/m.exec(ok.stdout)?.[1] ?? '';
    expect(runId).toMatch(UUID);
    const first = request(runId)!;
    expect(first.method).toBe('POST');
    expect(first.path).toBe('/flow/actions/add-tracking');
    expect(first.headers['content-type']).toBe('application/json');
    expect(await verifyHmac(new Uint8Array(first.raw), first.headers['x-shopify-hmac-sha256'] as string, SECRET)).toBe(true);
    expect(Object.keys(first.body)).toEqual(['shop_id', 'shopify_domain', 'action_run_id', 'action_definition_id', 'handle', 'properties']);
    expect(first.body).toEqual({
      shop_id: expect.any(String),
      shopify_domain: 'a.myshopify.com',
      action_run_id: runId,
      action_definition_id: 'Add tracking',
      handle: 'add-tracking',
      properties: { order_id: 1001, tracking_number: '1Z999AA10123456784', notify_customer: 'true' },
    });
    expect(ok.stdout).toContain(`POST ${base}/flow/actions/add-tracking\n`);
    expect(ok.stdout).toMatch(/^HTTP 200 OK \(\d+ ms\)$/m);
    expect(ok.stdout).toContain(
      '{\n  "return_value": {\n    "tracking_number": "1Z999AA10123456784",\n    "tracking_company": "UPS"\n  }\n}',
    );
    expect(ok.stdout + ok.stderr).not.toContain(SECRET);
    expect(existsSync(noDatabase.slice('file:'.length))).toBe(false);

    // 202 is success too; the run id and a GID order go through as given; --url may carry a path.
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toMatch(/^HTTP 202 Accepted/m);
    expect(request('status-202')).toMatchObject({
      path: '/prefix/flow/actions/add-tracking',
      body: { properties: { order_id: 'gid://shopify/Order/1002' } },
    });

    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/^HTTP 422 Unprocessable Entity/m);
    expect(failed.stdout).toContain('"code": "order_not_found"');

    expect(rejected.code).toBe(1);
    expect(rejected.stdout).toMatch(/^HTTP 401 Unauthorized/m);
    expect(rejected.stderr).toContain('the same SHOPIFY_API_SECRET');

    expect(sandbox.stderr).toBe('');
    expect(sandbox.code).toBe(0);
    expect(sandbox.stdout).toContain(`POST http://localhost:${port}/flow/actions/add-tracking`);
    const signedWithDevSecret = request('sandbox-run')!;
    expect(
      await verifyHmac(new Uint8Array(signedWithDevSecret.raw), signedWithDevSecret.headers['x-shopify-hmac-sha256'] as string, DEV_SECRET),
    ).toBe(true);
    expect(sandbox.stdout).not.toContain(DEV_SECRET);
  });

  it('refuses to send without a secret, and explains how to get one', CHILD_TIMEOUT, async () => {
    const missingFile = `${emptyDb.dir}/nothing-here.db`;
    const [noFile, noSetting] = await Promise.all([
      runCli(['flow', 'send', 'add-tracking', '--shop', 'a.myshopify.com', '--order', '1001', '--url', `http://127.0.0.1:${port}`], {
        env: { DATABASE_URL: `file:${missingFile}` },
      }),
      runMain(['flow', 'send', 'add-tracking', '--shop', 'a.myshopify.com', '--order', '1001', '--url', `http://127.0.0.1:${port}`], {
        DATABASE_URL: emptyDb.url,
      }),
    ]);
    for (const result of [noFile, noSetting]) {
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /^flowfill: no secret to sign the request with: start the server once with `npm start` in sandbox mode \(.*\), or set SHOPIFY_API_SECRET\n$/,
      );
    }
    expect(existsSync(missingFile)).toBe(false);
    expect(received.filter((r) => r.body.properties && (r.body.properties as { order_id?: unknown }).order_id === 1001)).toHaveLength(1);
  });

  it('says how to start the server when it cannot be reached', async () => {
    const closed = createServer();
    const freePort = await new Promise<number>((resolve) =>
      closed.listen(0, '127.0.0.1', () => resolve((closed.address() as AddressInfo).port)),
    );
    await new Promise((resolve) => closed.close(resolve));
    const result = await runMain(
      ['flow', 'send', 'add-tracking', '--shop', 'a.myshopify.com', '--order', '1001', '--url', `http://127.0.0.1:${freePort}`],
      { SHOPIFY_API_SECRET: SECRET },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `flowfill: cannot reach the flowfill server at http://127.0.0.1:${freePort} (ECONNREFUSED): start it with \`npm start\`, or point --url at a running server\n`,
    );
  });
});
