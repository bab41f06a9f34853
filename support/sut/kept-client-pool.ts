import type { ResettableSession } from './sut-adapter';

/**
 * The one owner of the client kept between scenarios (profile `process.reuse`): one per process
 * (run-clients.ts), which the hooks hand to the adapter. A scenario takes the
 * client out (take), has it to itself, and gives it back at its end (keep); the run's end stops
 * whatever the pool still holds (stop). The key is what a reset cannot change: a client kept
 * under another key is stopped, never handed out.
 */
export class KeptClientPool {
  private idle?: { key: string; client: ResettableSession };
  /** A client still starting before the first scenario (prewarm), and its key. */
  private warming?: { key: string; client: Promise<ResettableSession | undefined> };

  /** Starts a client for `key` ahead of the first scenario; one that fails to start is forgotten. */
  prewarm(key: string, start: () => Promise<ResettableSession>): void {
    if (this.idle || this.warming) return;
    this.warming = { key, client: start().catch(() => undefined) };
  }

  /** The kept client for `key`, alive, now the caller's until it keeps it again; else undefined. */
  async take(key: string): Promise<ResettableSession | undefined> {
    await this.adoptWarming();
    const idle = this.idle;
    this.idle = undefined;
    if (idle && idle.key === key && !idle.client.exited()) return idle.client;
    await idle?.client.stop();
    return undefined;
  }

  /**
   * Takes `client` back at a scenario's end, for the next one. A dead client is not kept, and is
   * stopped: what it started may still run in its process group.
   */
  async keep(key: string, client: ResettableSession): Promise<void> {
    const old = this.idle;
    this.idle = client.exited() ? undefined : { key, client };
    if (old && old.client !== client) await old.client.stop();
    if (client.exited()) await client.stop();
  }

  /** Stops every client the pool holds, a warming one included (the run's end). */
  async stop(): Promise<void> {
    const idle = this.idle;
    const warming = this.warming;
    this.idle = undefined;
    this.warming = undefined;
    await idle?.client.stop();
    await (await warming?.client)?.stop();
  }

  private async adoptWarming(): Promise<void> {
    const warming = this.warming;
    if (!warming) return;
    this.warming = undefined;
    const client = await warming.client;
    if (client) await this.keep(warming.key, client);
  }
}
