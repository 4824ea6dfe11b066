/**
 * Type-level only (tsconfig.worker-env.json): src/worker-env.ts's WorkerEnv has exactly the
 * bindings of the Env that `wrangler types` generated into worker-configuration.d.ts.
 */
import type { WorkerEnv } from '../src/worker-env';

type Expect<T extends true> = T;
/** Every generated binding fits the declared one. */
export type EnvFitsWorkerEnv = Expect<Env extends WorkerEnv ? true : false>;
/** No binding is declared that wrangler does not know, and none is missing. */
export type SameBindings = Expect<
  [Exclude<keyof Env, keyof WorkerEnv> | Exclude<keyof WorkerEnv, keyof Env>] extends [never] ? true : false
>;
