/** The throughput run's server, in its own process so autocannon does not share its event loop. */
import { startStack } from './stack';

const stack = await startStack(0, process.env.BENCH_DB_DIR || undefined);
console.log(`LISTENING ${stack.url}`);
const stop = () => void stack.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
