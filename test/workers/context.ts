// What the Node-side global setup hands to the workers project: the Worker's
// bindings (through the cloudflareTest() options function) and the URLs tests
// use to check the simulator and the database from inside workerd.
import type {} from 'vitest'; // loads the module that the augmentation below extends

/** Values global-setup.ts provides under the `flowfill` key. */
export interface WorkersTestContext {
  /** The Worker's string bindings (DATABASE_URL, SHOPIFY_API_SECRET, ...). */
  bindings: Record<string, string>;
  /** The test-only libSQL HTTP server (`http://127.0.0.1:PORT`). */
  databaseUrl: string;
  databaseAuthToken: string;
  /** Signs the Flow requests. */
  apiSecret: string;
  /** The served simulator (SHOPIFY_ADMIN_API_ORIGIN). */
  simulatorUrl: string;
  /** GET /calls, POST /reset (control-server.ts). */
  controlUrl: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    flowfill: WorkersTestContext;
  }
}
