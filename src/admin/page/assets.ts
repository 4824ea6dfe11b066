/** The admin page's bundle (public/assets, built by `npm run build:client`) served by the Node server. */
import { serveStatic } from '@hono/node-server/serve-static';
import type { MiddlewareHandler } from 'hono';
import { fileURLToPath } from 'node:url';

/** The repository's public/ directory, whatever the working directory. */
export const PUBLIC_DIR = fileURLToPath(new URL('../../../public', import.meta.url));

/** Serves /assets/* from public/ (Workers serve the same files with Workers Static Assets). */
export function nodeAssets(root: string = PUBLIC_DIR): MiddlewareHandler {
  return serveStatic({ root });
}
