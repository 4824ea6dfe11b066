/** Runs the real `flowfill` bin as a child process (asynchronously, so servers in the test process keep answering). */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = join(ROOT, 'bin/flowfill.mjs');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `node bin/flowfill.mjs ...args` with only the environment given (plus PATH/HOME), so a
 * SHOPIFY_API_SECRET or DATABASE_URL in the developer's shell never leaks into a test.
 */
export function runCli(args: string[], options: { env?: Record<string, string>; stdin?: string; cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

/** A fresh temporary directory and its DATABASE_URL; `cleanup` removes it. */
export function tempDatabase(): { dir: string; url: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'flowfill-cli-'));
  return { dir, url: `file:${join(dir, 'x.db')}`, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs `main()` in this process with a recording context: the same dispatch as the bin, without a child process. */
export async function runMain(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const { main } = await import('../../src/cli/main');
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    env,
    out: (text) => (stdout += `${text}\n`),
    err: (text) => (stderr += `${text}\n`),
    fetch: (input, init) => fetch(input, init),
    now: () => Date.now(),
    readStdin: async () => '',
    addSecret: () => undefined,
  });
  return { code, stdout, stderr };
}
