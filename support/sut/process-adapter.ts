import { spawn, type ChildProcess } from 'node:child_process';
import * as readline from 'node:readline';
import { PROJECT_ROOT } from '../project';
import type { ActionReply, SutAdapter, SutEnvironment, SutSession } from './sut-adapter';
import { upperTesterEnv } from './sut-adapter';

/**
 * Drives a client through the upper-tester protocol (docs/upper-tester.md): one process per
 * scenario, newline-delimited JSON on stdin/stdout, logs on stderr.
 */
export class ProcessAdapter implements SutAdapter {
  constructor(
    private readonly command: string[],
    private readonly cwd: string = PROJECT_ROOT,
  ) {}

  async start(env: SutEnvironment, timeoutMs: number): Promise<SutSession> {
    const [program, ...args] = this.command;
    const child = spawn(program, args, {
      cwd: this.cwd,
      env: { ...process.env, ...upperTesterEnv(env) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
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

/** The client never became ready; `log` keeps what it said, as evidence. */
export class SutStartError extends Error {
  constructor(
    message: string,
    readonly log: string,
  ) {
    super(message);
    this.name = 'SutStartError';
  }
}

type Pending = { resolve: (r: ActionReply) => void; timer: NodeJS.Timeout };

class ProcessSession implements SutSession {
  private readonly lines: string[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private exit: string | undefined;
  private readonly exitedPromise: Promise<void>;
  private readyResolve?: () => void;

  constructor(private readonly child: ChildProcess) {
    const started = Date.now();
    const stamp = () => `${String(Date.now() - started).padStart(6)} ms`;
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

  /** Close stdin (the protocol's "stop"), then SIGTERM, then SIGKILL, each with a bounded wait. */
  async stop(): Promise<void> {
    for (const p of this.pending.values()) clearTimeout(p.timer);
    const waitExit = (ms: number) =>
      Promise.race([this.exitedPromise.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref())]);
    if (this.exit) return;
    this.child.stdin?.end();
    if (await waitExit(500)) return;
    this.child.kill('SIGTERM');
    if (await waitExit(1000)) return;
    this.child.kill('SIGKILL');
    await waitExit(1000);
  }
}
