import { KeptClientPool } from './kept-client-pool';

/**
 * The process's one pool of kept clients (profile process.reuse): the hooks hand it to every
 * scenario's World and stop it at the run's end; a process that does many runs in a row
 * (scripts/conformance-batch.ts) stops it between them. One per worker process with --parallel.
 */
export const runClients = new KeptClientPool();
