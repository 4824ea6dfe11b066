// Runs in a worker thread (see checkpointer.ts): checkpoints the WAL of workerData.path every
// workerData.intervalMs on a connection of its own, so that the copy into the database file and
// its fsync never run on the event loop that serves requests. Plain JavaScript: Node loads it as
// is under tsx, vitest and a plain `node` alike.
const { parentPort, workerData } = require('node:worker_threads');
const Database = require('libsql');

const db = new Database(workerData.path, { timeout: 1000 });
db.exec('PRAGMA synchronous = NORMAL');
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');

function run() {
  try {
    // PASSIVE never waits for the app's readers or writers; what it cannot copy now, it copies next time.
    checkpoint.all();
  } catch (error) {
    parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
}

const timer = setInterval(run, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  run();
  db.close();
  parentPort.close();
});
