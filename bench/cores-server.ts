/**
 * The cores bench's load server (bench/cores.ts starts it): src/cluster.ts's supervisor with
 * BENCH_WORKERS workers, each running the bench stack (bench/stack.ts: the real app and its
 * in-process simulator) on one database file the primary created, migrated and checkpoints, as
 * `npm start` with FLOWFILL_WORKERS does. Prints `LISTENING <url>` once every worker listens.
 */
import cluster from 'node:cluster';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { superviseWorkers } from '../src/cluster';
import { migrateDatabase, openDatabase } from '../src/db/node';
import { createLogger } from '../src/log';
import { registerBenchShop, startStack } from './stack';

if (cluster.isPrimary) {
  const count = Number(process.env.BENCH_WORKERS ?? '1');
  const dir = mkdtempSync(join(process.env.BENCH_DB_DIR || tmpdir(), 'flowfill-cores-'));
  const file = join(dir, 'bench.db');
  const database = await openDatabase(`file:${file}`, undefined, { backgroundCheckpoint: true });
  await migrateDatabase(database.db);
  await registerBenchShop(database.db);
  // Forked workers inherit the environment: this is how they find the file.
  process.env.BENCH_SHARED_DB = file;
  let listening = 0;
  cluster.on('listening', (_worker, address) => {
    if (++listening === count) console.log(`LISTENING http://127.0.0.1:${address.port}`);
  });
  superviseWorkers({
    count,
    // Only errors (a worker that died mid-run) reach the bench's output.
    logger: createLogger((line) => line.includes('"level":"error"') && console.error(line)),
    onStopped: async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
} else {
  // Port 0 in every worker of a cluster is one shared port, picked by the primary.
  await startStack(0, undefined, process.env.BENCH_SHARED_DB);
}
