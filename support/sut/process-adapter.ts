import { spawn, type ChildProcess } from 'node:child_process';
import type * as net from 'node:net';
import * as readline from 'node:readline';
import { PROJECT_ROOT } from '../project';
import type { KeptClientPool } from './kept-client-pool';
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
    const child = spawn(program, args, {
      cwd: this.cwd,
      env: { ...process.env, ...upperTesterEnv(env) },
      stdio: ['pipe', 'pipe', 'pipe'],
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

type Pending = { resolve: (r: ActionReply) => void; timer: NodeJS.Timeout };

class ProcessSession implements ResettableSession {
  private readonly lines: string[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private exit: string | undefined;
  private readonly exitedPromise: Promise<void>;
  private readyResolve?: () => void;

  /** Where the log's time stamps count from: the process start, then each scenario's. */
  private started = Date.now();

  constructor(private readonly child: ChildProcess) {
    const stamp = () => `${String(Date.now() - this.started).padStart(6)} ms`;
    if (child.pid !== undefined) this.lines.push(`${stamp()} ** client process started (pid ${child.pid})`);
    this.exitedPromise = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exit = signal ? `killed by ${signal}` : `exited with code ${code}`;
        this.lines.push(`${stamp()} ** client ${this.exit}`);
        for (const [, p] of this.pending) p.resolve({ ok: false, error: `client ${this.exit}` });
        this.pending.clear();
        resolve();
      });
    });
    child.once('error', (e) => this.lines.push(`${stamp()} ** cannot start the client: ${e.message}`));
    // A client that stops reading stdin must not crash the suite with EPIPE.
    child.stdin?.on('error', (e) => this.lines.push(`${stamp()} ** stdin: ${e.message}`));
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      this.lines.push(`${stamp()} <- ${line}`);
      this.onLine(line);
    });
    readline.createInterface({ input: child.stderr! }).on('line', (line) => this.lines.push(`${stamp()} !! ${line}`));
  }

  ready(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the client did not say {"event":"ready"} within ${timeoutMs} ms`)), timeoutMs);
      this.readyResolve = () => {
        clearTimeout(timer);
        resolve();
      };
      void this.exitedPromise.then(() => {
        clearTimeout(timer);
        reject(new Error(`the client ${this.exit} before it was ready`));
      });
    });
  }

  private onLine(line: string): void {
    let msg: unknown;
    try {
      msg = JSON.parse(line);
    } catch {
      return; // kept in the log: a client's stray output is evidence, not a crash
    }
    if (msg === null || typeof msg !== 'object') return;
    const m = msg as { event?: unknown; id?: unknown } & ActionReply;
    if (m.event === 'ready') this.readyResolve?.();
    if (typeof m.id === 'number' && this.pending.has(m.id)) {
      const p = this.pending.get(m.id)!;
      this.pending.delete(m.id);
      clearTimeout(p.timer);
      p.resolve({ ok: m.ok === true, error: m.error, state: m.state });
    }
  }

  private request(action: Record<string, unknown>, timeoutMs: number): Promise<ActionReply> {
    if (this.exit) return Promise.resolve({ ok: false, error: `client ${this.exit}` });
    const id = this.nextId++;
    const line = JSON.stringify({ id, ...action });
    this.lines.push(`${String('').padStart(9)} -> ${line}`);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ ok: false, error: `no reply within ${timeoutMs} ms` });
      }, timeoutMs);
      this.pending.set(id, { resolve, timer });
      this.child.stdin?.write(line + '\n');
    });
  }

  note(text: string): void {
    this.lines.push(`${String(Date.now() - this.started).padStart(6)} ms ** ${text}`);
  }
  /** A new scenario on a kept process: its log starts here (the last one's is in its report). */
  reset(env: SutEnvironment, timeoutMs: number): Promise<ActionReply> {
    this.lines.length = 0;
    this.started = Date.now();
    this.lines.push(`${String(0).padStart(6)} ms ** the client process (pid ${this.child.pid}) was started before this scenario and is reset for it`);
    return this.request({ action: 'reset', env: upperTesterEnv(env) }, timeoutMs);
  }
  rejoin(conferenceUri: string, timeoutMs: number): Promise<ActionReply> {
    return this.request({ action: 'rejoin', conference: conferenceUri }, timeoutMs);
  }
  leave(timeoutMs: number): Promise<ActionReply> {
    return this.request({ action: 'leave' }, timeoutMs);
  }
  state(timeoutMs: number): Promise<ActionReply> {
    return this.request({ action: 'state' }, timeoutMs);
  }
  log(): string {
    return this.lines.join('\n') + '\n';
  }
  exited(): string | undefined {
    return this.exit;
  }

  /** A process of its own scenario: nothing to keep it for. */
  release(): Promise<void> {
    return this.stop();
  }

  /** Close stdin (the protocol's "stop"), then SIGTERM, then SIGKILL, each with a bounded wait. */
  async stop(): Promise<void> {
    for (const p of this.pending.values()) clearTimeout(p.timer);
    // The timer keeps the loop alive while stopping (a kept client's own handles do not) and is
    // cleared as soon as the client exits.
    const waitExit = async (ms: number): Promise<boolean> => {
      let timer: NodeJS.Timeout | undefined;
      const exited = await Promise.race([this.exitedPromise.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)))]);
      clearTimeout(timer);
      return exited;
    };
    if (this.exit) return;
    this.child.stdin?.end();
    if (await waitExit(500)) return;
    this.child.kill('SIGTERM');
    if (await waitExit(1000)) return;
    this.child.kill('SIGKILL');
    await waitExit(1000);
  }
}
