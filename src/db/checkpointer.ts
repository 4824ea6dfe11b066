/**
 * WAL checkpoints off the event loop. With SQLite's automatic checkpoint, the commit that crosses
 * 1,000 WAL pages copies them into the database file and fsyncs it before returning, on the
 * request's thread: measured here, that made one write in a few hundred take 25–35 ms and doubled
 * the average write. A worker thread checkpoints instead, and the app's connections only fall
 * back to an automatic checkpoint if the WAL grows far past what the worker keeps it at.
 */
import { Worker } from 'node:worker_threads';

/** The app connections' own checkpoint threshold (pages) while a checkpointer runs: a safety net. */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 20_000;

export interface Checkpointer {
  /** Runs a last checkpoint and ends the thread. */
  stop(): Promise<void>;
}

/** Starts checkpointing the WAL of the database file at `path` every `intervalMs`. */
export function startCheckpointer(path: string, options: { intervalMs?: number; onError?: (message: string) => void } = {}): Checkpointer {
  const worker = new Worker(new URL('./checkpoint-worker.cjs', import.meta.url), {
    workerData: { path, intervalMs: options.intervalMs ?? 250 },
  });
  // Never keeps the process alive on its own: a server exits when it is done serving.
  worker.unref();
  worker.on('message', (message: { error?: string }) => {
    if (message.error) options.onError?.(message.error);
  });
  worker.on('error', (error) => options.onError?.(error.message));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop() {
      // Referenced again so that the process waits for the last checkpoint instead of exiting.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
