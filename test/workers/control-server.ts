// TEST-ONLY control route beside the served simulator: tests running inside
// workerd cannot reach the simulator object in the Node process, so they read
// its call log (and clear it) over HTTP.
//
//   GET  /calls → 200 CallRecord[] (every Admin API request the simulator answered)
//   POST /reset → 204, forgets the call log
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Simulator } from '../../src/sandbox/simulator/index';

export interface ControlServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  close(): Promise<void>;
}

/** Starts the control server for `sim` on 127.0.0.1 (port 0 picks a free port). */
export async function startControlServer(sim: Pick<Simulator, 'calls' | 'resetCalls'>, port = 0): Promise<ControlServer> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method === 'GET' && path === '/calls') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(sim.calls));
    } else if (req.method === 'POST' && path === '/reset') {
      sim.resetCalls();
      res.writeHead(204).end();
    } else {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `No route ${req.method} ${path}` }));
    }
    req.resume(); // drain any body so keep-alive sockets stay usable
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections(); // workerd keeps sockets alive; don't wait for them
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
