/** The real Node server (src/node.ts) as a child process, for tests that need separate processes. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

export interface NodeServer {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output: () => string;
  exited: Promise<number | null>;
}

/**
 * Starts src/node.ts on `port` with `env` and waits for /healthz, and, with `listening`, for that
 * many "flowfill listening" lines (one per cluster worker). `node --import tsx`, not the tsx CLI:
 * the CLI runs the server in a child process, and a signal to the CLI would not reach it directly.
 */
export async function startNodeServer(
  env: Record<string, string>,
  port: number,
  options: { listening?: number } = {},
): Promise<NodeServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/node.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, PORT: String(port) },
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const listening = () => output.split('\n').filter((line) => line.includes('"msg":"flowfill listening"')).length;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start:\n${output}`);
    }
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok && listening() >= (options.listening ?? 1))
        return { child, output: () => output, exited };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
