/**
 * The Worker's bindings: wrangler.toml's [vars] and the secrets listed in .dev.vars.example.
 *
 * `wrangler types` generates them into worker-configuration.d.ts (`npm run types:worker`; the file
 * is committed). That file cannot join src/'s type-check: with nodejs_compat it also retypes Node's
 * `process.env` as always set, which breaks the Node side. So the shape is declared here, with the
 * secrets optional as they really are (loadConfig checks them), and `npm run typecheck` proves it
 * matches the generated Env (scripts/worker-env-check.ts).
 */
export interface WorkerEnv {
  SHOPIFY_API_VERSION: string;
  DATABASE_URL?: string;
  DATABASE_AUTH_TOKEN?: string;
  SHOPIFY_API_KEY?: string;
  SHOPIFY_API_SECRET?: string;
  SHOPIFY_APP_URL?: string;
}
