import { adapterFor, prewarmClient } from '../test-bed';
import { KeptClientPool } from './kept-client-pool';
import type { SutProfile } from './sut-profile';

/**
 * The process's one pool of kept clients (profile process.reuse): the hooks hand it to every
 * scenario's World and stop it at the run's end; a process that does many runs in a row
 * (scripts/conformance-batch.ts) stops it between them. One per worker process with --parallel.
 */
export const runClients = new KeptClientPool();

/**
 * Starts the run's kept client now, while Cucumber still prepares the run. A profile that does
 * not load is not reported here: the run (its first scenario, or conformance.ts) names the field.
 */
export function warmUpRunClient(profile: () => SutProfile): void {
  try {
    const p = profile();
    void prewarmClient(p, adapterFor(p, runClients)).catch(() => undefined);
  } catch {
    // reported by the run
  }
}
