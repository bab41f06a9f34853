import type { ChildProcess } from 'node:child_process';
import * as readline from 'node:readline';
import { describeMembers, endGroups, forgetIfEmpty, trackGroup } from './process-groups';
import type { ActionReply, ResettableSession, SutEnvironment } from './sut-adapter';
import { upperTesterEnv } from './sut-adapter';

type Pending = { resolve: (r: ActionReply) => void; timer: NodeJS.Timeout };

/**
 * One client process spoken to in the upper-tester protocol (docs/upper-tester.md): each action a
 * numbered JSON line on its stdin, its reply the line with that id on its stdout; every line, and
 * stderr, kept as the scenario's log. The process leads a process group of its own (spawned
 * detached), which stop() ends.
 */
export class ProcessSession implements ResettableSession {
  private readonly lines: string[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private exit: string | undefined;
  private readonly exitedPromise: Promise<void>;
  private readyResolve?: () => void;
  /** The client's last non-empty line on stderr: why it stopped, most often. */
  private lastStderr?: string;
  private stopping?: Promise<void>;
  /** The client exited and left nothing of its group running: there is nothing to end. */
  private groupEmpty = false;
  /** The client's pipes are closed (ChildProcess 'close'). */
  private readonly closed: Promise<boolean>;

  /** Where the log's time stamps count from: the process start, then each scenario's. */
  private started = Date.now();

  constructor(private readonly child: ChildProcess) {
    const stamp = () => `${String(Date.now() - this.started).padStart(6)} ms`;
    if (child.pid !== undefined) {
      this.lines.push(`${stamp()} ** client process started (pid ${child.pid})`);
      trackGroup(child.pid);
    }
    this.closed = new Promise((resolve) => child.once('close', () => resolve(true)));
    this.exitedPromise = new Promise((resolve) => {
      const gone = (why: string): void => {
        if (this.exit) return;
        this.exit = why;
        this.lines.push(`${stamp()} ** client ${this.exit}`);
        for (const [, p] of this.pending) p.resolve({ ok: false, error: `client ${this.exit}` });
        this.pending.clear();
        resolve();
      };
      child.once('exit', (code, signal) => {
        // A client that left nothing running is done with: its group number may be reused.
        if (child.pid !== undefined) this.groupEmpty = forgetIfEmpty(child.pid);
        gone(signal ? `killed by ${signal}` : `exited with code ${code}`);
      });
      // A program that cannot be started (ENOENT, EACCES) emits no 'exit': it is gone at once, not after the ready timeout.
      child.once('error', (e) => {
        this.lines.push(`${stamp()} ** cannot start the client: ${e.message}`);
        if (child.pid === undefined) gone(`could not be started (${e.message})`);
      });
    });
    // A client that stops reading stdin must not crash the suite with EPIPE.
    child.stdin?.on('error', (e) => this.lines.push(`${stamp()} ** stdin: ${e.message}`));
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      this.lines.push(`${stamp()} <- ${line}`);
      this.onLine(line);
    });
    readline.createInterface({ input: child.stderr! }).on('line', (line) => {
      this.lines.push(`${stamp()} !! ${line}`);
      if (line.trim()) this.lastStderr = line.trim();
    });
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
        reject(new Error(`the client ${this.exit} before it was ready${this.lastStderr ? `; its last line on stderr: ${this.lastStderr.slice(0, 300)}` : ''}`));
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

  /**
   * Close stdin (the protocol's "stop"), a bounded wait for the exit, then SIGTERM and SIGKILL to
   * the process group, each with a bounded wait: also when the client exited, for what it started.
   */
  stop(): Promise<void> {
    return (this.stopping ??= this.end());
  }

  private async end(): Promise<void> {
    for (const p of this.pending.values()) clearTimeout(p.timer);
    // The timer keeps the loop alive while stopping (a kept client's own handles do not) and is
    // cleared as soon as the client exits.
    const waitExit = async (ms: number): Promise<boolean> => {
      let timer: NodeJS.Timeout | undefined;
      const exited = await Promise.race([this.exitedPromise.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)))]);
      clearTimeout(timer);
      return exited;
    };
    if (!this.exit) {
      this.child.stdin?.end();
      await waitExit(500);
    }
    if (this.child.pid === undefined) return;
    if (!this.groupEmpty) {
      const ended = await endGroups([this.child.pid], {
        exits: [this.exitedPromise],
        onSignal: (pgid, signal, members) => this.note(`${signal} to the client's process group ${pgid}, still running: ${describeMembers(members)}`),
      });
      for (const g of ended) if (g.survivors.length > 0) this.note(`the client's process group ${g.pgid} survived SIGKILL, still running: ${describeMembers(g.survivors)}`);
      // The group is empty, so the exit is on its way: its line belongs in the log.
      if (!this.exit) await waitExit(1000);
    }
    await this.cutOutput();
  }

  /**
   * The client's output closes once its group is ended (bounded). Still open, it is held by a
   * process that left the group (`setsid`, a daemon), which would keep the run from ending: the
   * suite stops reading it, and says so.
   */
  private async cutOutput(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const closed = await Promise.race([this.closed, new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 200)))]);
    clearTimeout(timer);
    if (closed) return;
    this.note("the client's output is still held open by a process outside its process group (setsid, a daemon): that process is out of the suite's reach and may go on sending; the suite stops reading it");
    this.child.stdout?.destroy();
    this.child.stderr?.destroy();
  }
}
