/** `flowfill flow send`: sign and POST a Flow action request to a running server, like Flow would. */
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Config } from '../../config';
import { CliError, defineCommand, EXIT_FAILURE, EXIT_OK, type CliContext } from '../command';
import { buildFlowRequest, signFlowRequest } from '../flow-request';
import { readFlowActions } from '../project';
import { parseBaseUrl, parseHandle, parseOrderReference, parseProps, parseRunId, parseShopDomain } from '../values';
import { networkReason } from '../network';

/** Flow gives up after ~10 s; the CLI waits longer so a slow server is still seen answering. */
const TIMEOUT_MS = 30_000;

export const flowSendCommand = defineCommand({
  name: 'flow send',
  summary: 'Sign and POST a Flow action request to a running server, like Shopify Flow would; print the status and body.',
  usage: '<handle> --shop <shop> --order <id> [--prop k=v]... [--url BASE] [--run-id ID]',
  positionals: ['<handle>'],
  options: {
    shop: {
      type: 'string',
      required: true,
      value: '<shop>',
      description: 'The shop, e.g. example.myshopify.com (sent as shopify_domain).',
    },
    order: {
      type: 'string',
      required: true,
      value: '<id>',
      description: 'The order: gid://shopify/Order/123 or 123 (sent as properties.order_id, as given).',
    },
    prop: {
      type: 'string',
      multiple: true,
      value: '<key=value>',
      description: 'Another action property, sent as a string like Flow does.',
    },
    url: { type: 'string', value: '<BASE>', description: 'Server base URL (default http://localhost:$PORT).' },
    'run-id': {
      type: 'string',
      value: '<ID>',
      description: 'The action_run_id (default: a fresh UUID). Re-send an ID to see a retried run.',
    },
  },
  details: [
    'Signs the body with SHOPIFY_API_SECRET, or in sandbox mode with the dev secret the server',
    'stored in DATABASE_URL. Exits 0 on HTTP 200 or 202, 1 otherwise.',
    '',
    'Example:',
    '  npx flowfill flow send add-tracking --shop example.myshopify.com --order 1001 \\',
    '    --prop tracking_number=1Z999AA10123456784 --prop notify_customer=true',
  ],
  async run({ positionals, options }, ctx) {
    const handle = parseHandle(positionals[0] ?? '');
    const shop = parseShopDomain(options.shop);
    const orderId = parseOrderReference(options.order);
    const properties = parseProps(options.prop, { order_id: '--order' });
    const actionRunId = options['run-id'] !== undefined ? parseRunId(options['run-id']) : randomUUID();
    const { cliConfig } = await import('../database');
    const config = cliConfig(ctx.env);
    const base = options.url !== undefined ? parseBaseUrl(options.url) : `http://localhost:${config.PORT}`;

    const actions = await readFlowActions().catch(() => []);
    const action = actions.find((candidate) => candidate.handle === handle);
    if (actions.length > 0 && !action) {
      ctx.err(`note: no Flow action "${handle}" in extensions/ (known: ${actions.map((a) => a.handle).join(', ')}); sending anyway`);
    }

    const secret = await signingSecret(config);
    ctx.addSecret(secret);
    const body = buildFlowRequest({ shop, handle, actionDefinitionId: action?.name ?? handle, actionRunId, orderId, properties });
    const request = await signFlowRequest(body, secret);
    const url = `${base}/flow/actions/${handle}`;

    ctx.out(`POST ${url}`);
    ctx.out(`action_run_id: ${actionRunId}`);
    const started = performance.now();
    const response = await post(ctx, url, base, request);
    const elapsed = Math.round(performance.now() - started);

    ctx.out(`HTTP ${response.status} ${response.statusText || STATUS_CODES[response.status] || ''}`.trimEnd() + ` (${elapsed} ms)`);
    ctx.out(prettyBody(response.text));
    if (response.status === 401) {
      ctx.err(
        'The server rejected the signature: the CLI and the server must use the same SHOPIFY_API_SECRET (or, in sandbox mode, the same DATABASE_URL).',
      );
    }
    return response.status === 200 || response.status === 202 ? EXIT_OK : EXIT_FAILURE;
  },
});

/** SHOPIFY_API_SECRET, else the sandbox dev secret the server keeps in the database; refuses when neither exists. */
async function signingSecret(config: Config): Promise<string> {
  if (config.SHOPIFY_API_SECRET) return config.SHOPIFY_API_SECRET;
  // Only sandbox mode needs the database (and the slow-to-load session code behind getSetting).
  const { describeDatabase, isMissingFile, MissingTablesError, withDatabase } = await import('../database');
  const refuse = new CliError(
    `no secret to sign the request with: start the server once with \`npm start\` in sandbox mode (it stores a dev secret in ${describeDatabase(config.DATABASE_URL, { absolute: true })}), or set SHOPIFY_API_SECRET`,
  );
  // Do not create an empty database file just to find no secret in it.
  if (isMissingFile(config.DATABASE_URL)) throw refuse;
  const { DEV_SECRET_KEY, getSetting } = await import('../../db/shops');
  let secret: string | null;
  try {
    secret = await withDatabase(config, {}, (db) => getSetting(db, DEV_SECRET_KEY));
  } catch (error) {
    if (error instanceof MissingTablesError) throw refuse;
    throw error;
  }
  if (!secret) throw refuse;
  return secret;
}

/** POSTs the signed request and reads the whole answer; network failures and timeouts become one-line CliErrors. */
async function post(
  ctx: CliContext,
  url: string,
  base: string,
  request: { body: string; headers: Record<string, string> },
): Promise<{ status: number; statusText: string; text: string }> {
  try {
    const response = await ctx.fetch(url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    return { status: response.status, statusText: response.statusText, text: await response.text() };
  } catch (error) {
    if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      throw new CliError(`no answer from ${url} within ${TIMEOUT_MS / 1000} s (Flow itself gives up after about 10 s)`);
    }
    const reason = networkReason(error);
    throw new CliError(
      `cannot reach the flowfill server at ${base}${reason ? ` (${reason})` : ''}: start it with \`npm start\`, or point --url at a running server`,
    );
  }
}

/** The response body: pretty JSON when it is JSON, else the text as it came. */
function prettyBody(text: string): string {
  if (text.trim() === '') return '(empty body)';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
