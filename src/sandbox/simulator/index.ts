/**
 * A stateful simulation of Shopify's Admin GraphQL API for tests and the local sandbox:
 * `POST /admin/api/{version}/graphql.json` with Shopify's authentication, errors, query cost,
 * throttling and fulfillment behaviour, over an in-memory store. Node only; never part of the Worker.
 */
import {
  buildSchema,
  execute,
  getOperationAST,
  Kind,
  parse,
  print,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLError,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import {
  actualCost,
  DEFAULT_BUCKET,
  LeakyBucket,
  MAX_SINGLE_QUERY_COST,
  requestedCost,
  type BucketConfig,
  type ThrottleStatus,
} from './cost';
import {
  invalidGlobalIdErrors,
  malformedLiteralIds,
  maxCostExceededErrors,
  shopifyValidationError,
  throttledErrors,
  toJson,
  UNAUTHORIZED_BODY,
  type ErrorJson,
  type MalformedLiteralId,
} from './errors';
import { seededRandom, SERVICE_UNAVAILABLE_HTML, type SimulatorFaults } from './faults';
import { attachResolvers, type ResolverContext } from './resolvers';
import { SIMULATOR_SDL } from './schema';
import { SimStore, type ShopRecord } from './store';

export { SimStore, APP_SCOPES, isoTime, quantitiesOf } from './store';
export type * from './store';
export type { SimulatorFaults, OperationHookInfo } from './faults';
export type { BucketConfig, ThrottleStatus } from './cost';
export { DEFAULT_BUCKET, MAX_SINGLE_QUERY_COST } from './cost';
export { serveSimulator, type ServedSimulator } from './serve';
export { createManualClock, type ManualClock } from './clock';

export interface SimulatorOptions {
  /** Clock in ms (default Date.now); drives timestamps, the leaky bucket and timed holds. */
  now?: () => number;
  faults?: SimulatorFaults;
}

/** One request the simulator answered, for counting round trips and cost in tests and benchmarks. */
export interface CallRecord {
  shop: string | null;
  apiVersion: string | null;
  operationName: string | null;
  /** The root fields the operation selected, e.g. ['fulfillmentCreate']. */
  rootFields: string[];
  variables: Record<string, unknown>;
  status: number;
  requestedQueryCost: number | null;
  actualQueryCost: number | null;
  throttled: boolean;
  /** Clock time (ms) when the request arrived. */
  at: number;
}

export interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: ErrorJson[];
  extensions?: { cost: { requestedQueryCost: number | null; actualQueryCost: number | null; throttleStatus: ThrottleStatus } };
}

export interface Simulator {
  readonly store: SimStore;
  /** Mutable at runtime: tests switch faults on and off between calls. */
  faults: SimulatorFaults;
  readonly calls: CallRecord[];
  readonly schema: GraphQLSchema;
  /** The WHATWG fetch handler: give it to the app as its `fetch`, or serve it over HTTP. */
  fetch(request: Request): Promise<Response>;
  /** Forgets the call log. */
  resetCalls(): void;
  /** The shop's bucket as Shopify would report it now. */
  throttleStatus(shop: string): ThrottleStatus;
  /** Sets the points currently available in a shop's bucket. */
  setAvailable(shop: string, points: number): void;
  /** Calls the API as a shop, like the app would (goes through fetch: logged, costed, faults apply). */
  request(
    shop: string,
    query: string,
    variables?: Record<string, unknown>,
    options?: { apiVersion?: string },
  ): Promise<{ status: number; body: GraphQLBody }>;
}

const GRAPHQL_PATH = /^\/admin\/api\/([0-9]{4}-[0-9]{2}|unstable)\/graphql\.json$/;

let cachedSchema: GraphQLSchema | undefined;

/** The executable schema (built once per process; resolvers read the store from the context). */
function simulatorSchema(): GraphQLSchema {
  cachedSchema ??= attachResolvers(buildSchema(SIMULATOR_SDL));
  return cachedSchema;
}

/** What the simulator derives from a query's text alone. */
interface PreparedDocument {
  document: DocumentNode;
  fragments: Record<string, FragmentDefinitionNode>;
  literalIds: MalformedLiteralId[];
}

// Apps send the same few documents over and over, and parse + validate cost more than running
// them: valid documents are kept by query text (one schema per process, so one cache), the oldest
// dropped past the limit. Invalid ones are not kept: their errors are recomputed, exactly as before.
const MAX_PREPARED_DOCUMENTS = 100;
const preparedDocuments = new Map<string, PreparedDocument>();

/** The parsed, validated document of `query`, or the errors Shopify answers it with. */
function prepareDocument(schema: GraphQLSchema, query: string): PreparedDocument | { errors: ErrorJson[] } {
  const cached = preparedDocuments.get(query);
  if (cached) return cached;
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    return { errors: [toJson(error as GraphQLError)] };
  }
  const validationErrors = validate(schema, document);
  if (validationErrors.length > 0) return { errors: validationErrors.map(shopifyValidationError) };
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  const prepared: PreparedDocument = { document, fragments, literalIds: malformedLiteralIds(schema, document) };
  if (preparedDocuments.size >= MAX_PREPARED_DOCUMENTS) preparedDocuments.delete(preparedDocuments.keys().next().value!);
  preparedDocuments.set(query, prepared);
  return prepared;
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
}

/** Creates a simulator with an empty store (see seedSandbox for a ready-made shop). */
export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const now = options.now ?? Date.now;
  const store = new SimStore(now);
  const schema = simulatorSchema();
  const buckets = new Map<string, LeakyBucket>();
  const calls: CallRecord[] = [];
  let random: { seed: number; next: () => number } | undefined;

  const sim: Simulator = {
    store,
    faults: { ...options.faults },
    calls,
    schema,
    fetch: (request) => handle(request),
    resetCalls: () => {
      calls.length = 0;
    },
    throttleStatus: (shop) => bucketOf(shop).status(),
    setAvailable: (shop, points) => bucketOf(shop).set(points),
    request: async (shop, query, variables = {}, requestOptions = {}) => {
      const record = store.shop(shop);
      if (!record?.accessToken) throw new Error(`unknown or uninstalled shop: ${shop}`);
      const response = await handle(
        new Request(`https://${record.domain}/admin/api/${requestOptions.apiVersion ?? '2026-07'}/graphql.json`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-shopify-access-token': record.accessToken },
          body: JSON.stringify({ query, variables }),
        }),
      );
      const text = await response.text();
      let body: GraphQLBody;
      try {
        body = JSON.parse(text) as GraphQLBody;
      } catch {
        body = { errors: [{ message: text }] };
      }
      return { status: response.status, body };
    },
  };

  function bucketConfig(): BucketConfig {
    return { ...DEFAULT_BUCKET, ...sim.faults.bucket };
  }

  function bucketOf(shop: string): LeakyBucket {
    let bucket = buckets.get(shop);
    if (!bucket) {
      bucket = new LeakyBucket(bucketConfig, now);
      buckets.set(shop, bucket);
    }
    return bucket;
  }

  function roll(): number {
    const seed = sim.faults.random ?? 1;
    if (!random || random.seed !== seed) random = { seed, next: seededRandom(seed) };
    return random.next();
  }

  async function handle(request: Request): Promise<Response> {
    const at = now();
    const url = new URL(request.url);
    const pathMatch = GRAPHQL_PATH.exec(url.pathname);
    if (request.method !== 'POST' || !pathMatch) return json({ errors: 'Not Found' }, 404);
    const apiVersion = pathMatch[1]!;

    const call: CallRecord = {
      shop: null,
      apiVersion,
      operationName: null,
      rootFields: [],
      variables: {},
      status: 0,
      requestedQueryCost: null,
      actualQueryCost: null,
      throttled: false,
      at,
    };
    const finish = (response: Response): Response => {
      call.status = response.status;
      calls.push(call);
      return response;
    };

    // The shop comes from the host; through a shared origin (SHOPIFY_ADMIN_API_ORIGIN) from the token alone.
    const token = request.headers.get('x-shopify-access-token');
    const byHost = store.shop(url.hostname);
    const shop: ShopRecord | undefined = byHost
      ? token !== null && byHost.accessToken === token
        ? byHost
        : undefined
      : token
        ? store.shopByToken(token)
        : undefined;
    if (!shop) return finish(json(UNAUTHORIZED_BODY, 401));
    call.shop = shop.domain;

    if (sim.faults.latencyMs) await new Promise((resolve) => setTimeout(resolve, sim.faults.latencyMs));
    // Read the fault settings when each phase is reached, so a beforeOperation hook can switch them for this very request.
    const fails = () => (sim.faults.http5xxRate ?? 0) > 0 && roll() < (sim.faults.http5xxRate ?? 0);
    const unavailable = () =>
      new Response(SERVICE_UNAVAILABLE_HTML, { status: 503, headers: { 'content-type': 'text/html; charset=utf-8', 'retry-after': '1' } });
    if (sim.faults.http5xxPhase !== 'after' && fails()) return finish(unavailable());

    let body: { query?: unknown; variables?: unknown; operationName?: unknown };
    try {
      body = (await request.json()) as typeof body;
    } catch {
      return finish(json({ errors: { query: 'Required parameter missing or invalid' } }, 400));
    }
    if (typeof body?.query !== 'string' || body.query.trim() === '')
      return finish(json({ errors: { query: 'Required parameter missing or invalid' } }, 400));
    const variables = body.variables && typeof body.variables === 'object' ? (body.variables as Record<string, unknown>) : {};
    const requestedName = typeof body.operationName === 'string' ? body.operationName : undefined;
    call.variables = variables;
    call.operationName = requestedName ?? null;

    store.tick();
    const bucket = bucketOf(shop.domain);
    const answer = (payload: GraphQLBody, status = 200) => finish(json(payload, status));
    const zeroCost = () => ({ cost: { requestedQueryCost: 0, actualQueryCost: 0, throttleStatus: bucket.status() } });

    const prepared = prepareDocument(schema, body.query);
    if ('errors' in prepared) return answer({ errors: prepared.errors, extensions: zeroCost() });
    const { document, fragments } = prepared;
    const operation = getOperationAST(document, requestedName);
    if (!operation) {
      return answer({
        errors: [{ message: requestedName ? `No operation named "${requestedName}"` : 'An operation name is required' }],
        extensions: zeroCost(),
      });
    }
    call.operationName = requestedName ?? operation.name?.value ?? null;
    call.rootFields = operation.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : []));

    const idErrors = invalidGlobalIdErrors(schema, operation, variables, prepared.literalIds);
    if (idErrors.length > 0) return answer({ errors: idErrors, extensions: zeroCost() });

    const requested = requestedCost(schema, operation, fragments, variables);
    call.requestedQueryCost = requested;
    if (requested > MAX_SINGLE_QUERY_COST) {
      return answer({
        errors: maxCostExceededErrors(requested, MAX_SINGLE_QUERY_COST),
        extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: bucket.status() } },
      });
    }

    if (sim.faults.beforeOperation) {
      try {
        const replaced = await sim.faults.beforeOperation(call.operationName ?? call.rootFields.join(','), variables, {
          shop: shop.domain,
          rootFields: call.rootFields,
          query: body.query,
        });
        if (replaced instanceof Response) return finish(replaced);
      } catch {
        return finish(json({ errors: 'Internal Server Error' }, 500));
      }
      store.tick();
    }

    if (!bucket.take(requested)) {
      call.throttled = true;
      return answer(
        {
          errors: throttledErrors(),
          extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: bucket.status() } },
        },
        sim.faults.throttleStatus ?? 200,
      );
    }
    const contextValue: ResolverContext = { store, shop };
    const result = await execute({ schema, document, operationName: requestedName, variableValues: variables, contextValue });
    const actual = result.data ? actualCost(schema, operation, fragments, variables, result.data as Record<string, unknown>) : 0;
    bucket.refund(requested - actual);
    call.actualQueryCost = actual;
    const payload: GraphQLBody = {};
    if (result.errors?.length) payload.errors = result.errors.map((e) => shopifyExecutionError(e, operation, variables));
    if (result.data !== undefined) payload.data = result.data as Record<string, unknown> | null;
    payload.extensions = { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: bucket.status() } };
    if (sim.faults.http5xxPhase === 'after' && fails()) return finish(unavailable());
    return answer(payload);
  }

  return sim;
}

/** Variable coercion errors in Shopify's INVALID_VARIABLE shape; other errors as they are. */
function shopifyExecutionError(error: GraphQLError, operation: OperationDefinitionNode, variables: Record<string, unknown>): ErrorJson {
  const match = /^Variable "\$(\w+)"/.exec(error.message);
  const definition = match && !error.path ? operation.variableDefinitions?.find((d) => d.variable.name.value === match[1]) : undefined;
  if (!definition) return toJson(error);
  const name = definition.variable.name.value;
  return {
    message: `Variable $${name} of type ${print(definition.type)} was provided invalid value`,
    locations: error.locations?.map((l) => ({ line: l.line, column: l.column })),
    extensions: { code: 'INVALID_VARIABLE', value: variables[name] ?? null, problems: [{ path: [], explanation: error.message }] },
  };
}
