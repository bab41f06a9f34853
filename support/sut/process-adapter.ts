import { spawn } from 'node:child_process';
import type * as net from 'node:net';
import { PROJECT_ROOT } from '../project';
import type { KeptClientPool } from './kept-client-pool';
import { ProcessSession } from './process-session';
import type { ActionReply, ResettableSession, SutAdapter, SutEnvironment, SutSession } from './sut-adapter';
import { SutStartError, upperTesterEnv } from './sut-adapter';

/**
 * Drives a client through the upper-tester protocol (docs/upper-tester.md): newline-delimited
 * JSON on stdin/stdout, logs on stderr. One process per scenario, or, given the run's pool of kept
 * clients (profile `process.reuse`), one process for the run, given a `reset` with the scenario's
 * configuration before each scenario. A client that cannot reset (it says "unsupported", fails,
 * or died) gets a fresh process instead.
 */
export class ProcessAdapter implements SutAdapter {
  constructor(
    private readonly command: string[],
    private readonly cwd: string = PROJECT_ROOT,
    /** Where the kept client lives between scenarios; without it every scenario has its own. */
    private readonly pool?: KeptClientPool,
  ) {}

  async start(env: SutEnvironment, timeoutMs: number): Promise<SutSession> {
    if (!this.pool) return this.spawn(env, timeoutMs);
    const key = this.keyOf(env);
    const kept = await this.pool.take(key);
    let refused: string | undefined;
    if (kept) {
      const reply = await kept.reset(env, timeoutMs);
      if (reply.ok) return new KeptSession(kept, key, this.pool);
      refused = `the kept client process refused the reset (${reply.error}): this scenario has a fresh one`;
      await kept.stop();
    }
    const session = await this.spawn(env, timeoutMs);
    if (refused) session.note(refused);
    return new KeptSession(session, key, this.pool);
  }

  /**
   * With a pool, starts the kept process before the first scenario asks for it, configured for
   * a test bed that does not exist yet (the first scenario's reset replaces it).
   */
  prewarm(env: SutEnvironment, timeoutMs: number): void {
    this.pool?.prewarm(this.keyOf(env), () => this.spawn(env, timeoutMs));
  }

  /** What a reset cannot change (the program, T1, the profile's variables) keys the process. */
  private keyOf(env: SutEnvironment): string {
    return JSON.stringify([this.command, this.cwd, env.t1Ms, env.extra]);
  }

  private async spawn(env: SutEnvironment, timeoutMs: number): Promise<ProcessSession> {
    const [program, ...args] = this.command;
    // A process group of its own: what the client starts (a wrapper's children) ends with it at
    // the scenario's end. A terminal's Ctrl-C then reaches the suite only, which ends the group
    // (process-groups.ts), and stdin's end of file tells the client in any case.
    const child = spawn(program, args, {
      cwd: this.cwd,
      env: { ...process.env, ...upperTesterEnv(env) },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    if (this.pool) {
      // A kept client must never hold the suite open (a Cucumber coordinator that loaded the
      // support code and ran no scenario, a run that ended without AfterAll): when the suite
      // exits, the client's stdin closes and it stops by itself.
      child.unref();
      for (const pipe of [child.stdin, child.stdout, child.stderr]) (pipe as net.Socket | null)?.unref();
    }
    const session = new ProcessSession(child);
    try {
      await session.ready(timeoutMs);
    } catch (e) {
      await session.stop();
      throw new SutStartError((e as Error).message, session.log());
    }
    return session;
  }
}

/** A scenario's hold on the kept process: release() gives it back to the pool, stop() ends it. */
class KeptSession implements SutSession {
  private released = false;

  constructor(
    private readonly session: ResettableSession,
    private readonly key: string,
    private readonly pool: KeptClientPool,
  ) {}
  rejoin(conferenceUri: string, timeoutMs: number): Promise<ActionReply> {
    return this.session.rejoin(conferenceUri, timeoutMs);
  }
  leave(timeoutMs: number): Promise<ActionReply> {
    return this.session.leave(timeoutMs);
  }
  state(timeoutMs: number): Promise<ActionReply> {
    return this.session.state(timeoutMs);
  }
  log(): string {
    return this.session.log();
  }
  exited(): string | undefined {
    return this.session.exited();
  }
  /** The next scenario's reset ends whatever this one left running; a client that cannot be reset is replaced then. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.pool.keep(this.key, this.session);
  }
  async stop(): Promise<void> {
    this.released = true;
    await this.session.stop();
  }
}
