/** Serves a simulator over real HTTP on 127.0.0.1, for code that can only be pointed at an origin. */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';

export interface ServedSimulator {
  /** `http://127.0.0.1:{port}`: use it as SHOPIFY_ADMIN_API_ORIGIN. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts an HTTP server answering with `sim.fetch`; port 0 (default) picks a free port. */
export function serveSimulator(sim: { fetch(request: Request): Promise<Response> }, port = 0): Promise<ServedSimulator> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: (request: Request) => sim.fetch(request), port, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        port: info.port,
        close: () =>
          new Promise<void>((done, fail) => {
            // Keep-alive connections would otherwise hold the server open.
            if ('closeAllConnections' in server) server.closeAllConnections();
            server.close((error) => (error ? fail(error) : done()));
          }),
      });
    });
    server.once('error', reject);
  });
}
