/**
 * The Node entry as a newcomer meets it: `npm start` in sandbox mode, the README's walkthrough with
 * the real CLI, then a graceful shutdown and a restart that keeps the dev secret.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDatabase } from './cli/run-cli';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

interface Server {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts `src/node.ts` like `npm start` does and resolves once it prints its banner. */
async function start(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'src/node.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  while (!output.includes('npx flowfill runs')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, output: () => output, exited };
}

describe('npm start (sandbox mode)', () => {
  const db = tempDatabase();
  afterAll(() => db.cleanup());

  it('serves the sandbox store, runs the README walkthrough, shuts down gracefully and keeps its dev secret', async () => {
    const port = await freePort();
    const env = { DATABASE_URL: db.url, PORT: String(port), SWEEP_INTERVAL_MS: '0' };
    const server = await start(env);
    try {
      expect(server.output()).toContain('SANDBOX mode');
      const secret = /Dev secret[^:]*: (\S+)/.exec(server.output())?.[1];
      expect(secret).toMatch(/^dev_[0-9a-f]{48}$/);
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(await health.json()).toEqual({ ok: true, database: 'reachable' });

      const sent = await runCli(
        [
          'flow',
          'send',
          'add-tracking',
          '--shop',
          'sandbox.myshopify.com',
          '--order',
          '1001',
          '--prop',
          'tracking_number=1Z999AA10123456784',
        ],
        { env },
      );
      expect(sent.code, sent.stderr).toBe(0);
      expect(sent.stdout).toContain('"outcome": "added"');
      expect(sent.stdout).toContain('"trackingCompany": "UPS"');

      const runs = await runCli(['runs', '--shop', 'sandbox.myshopify.com'], { env });
      expect(runs.code, runs.stderr).toBe(0);
      expect(runs.stdout).toMatch(/add-tracking\s+#1001\s+succeeded\s+200/);
      expect(runs.stdout).toContain('AddTrackingOrder');
      expect(runs.stdout).toContain('AddTrackingUpdate');
      expect(server.output()).not.toContain('sandbox-admin-token');

      // The admin JSON API serves the sandbox shop to localhost without a session token.
      const rules = await fetch(`http://127.0.0.1:${port}/api/rules`);
      expect(rules.status).toBe(200);
      expect(((await rules.json()) as { document: unknown }).document).toEqual({ rules: [] });
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('"msg":"shutting down"');

    const again = await start(env);
    try {
      expect(/Dev secret[^:]*: (\S+)/.exec(again.output())?.[1]).toBe(/Dev secret[^:]*: (\S+)/.exec(server.output())?.[1]);
    } finally {
      again.child.kill('SIGINT');
    }
    expect(await again.exited).toBe(0);
  }, 120_000);

  it('refuses an invalid configuration with a message naming the variable', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'src/node.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: 'postgres://nope', PORT: 'abc' },
    });
    let output = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(output).toContain('DATABASE_URL');
    expect(output).toContain('PORT');
  }, 60_000);
});
