import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { PROJECT_ROOT } from '../project';
import { describeMembers, endGroups, forgetIfEmpty, trackGroup } from './process-groups';
import type { ActionReply, SutAdapter, SutEnvironment, SutSession } from './sut-adapter';
import { SutStartError, upperTesterEnv } from './sut-adapter';

/** Shell command templates for a client that only has a command line (docs/adapters.md). */
export interface CommandSettings {
  /** A long-running part, started with the scenario and killed at its end. */
  start?: string;
  /** With `start`: a line its output must show before the client counts as ready. */
  readyPattern?: string;
  /** Asks the client to rejoin IM_CONFERENCE_URI; exit code 0 means the action was taken. */
  rejoin: string;
  /** Asks the client to leave; without it, a leave is answered "unsupported". */
  leave?: string;
  /** Run at the scenario's end, before what was started is killed. */
  stop?: string;
  cwd?: string;
}

/**
 * Drives a client through shell commands, run with /bin/sh -c and the upper tester's variables
 * (plus IM_WORK_DIR, a directory of the scenario's own). Every line the commands print is kept as
 * evidence; every process they start is ended, with its process group, at the scenario's end,
 * whether or not the command that started it is still running.
 */
export class CommandAdapter implements SutAdapter {
  constructor(private readonly settings: CommandSettings) {}

  async start(env: SutEnvironment, timeoutMs: number): Promise<SutSession> {
    const session = new CommandSession(this.settings, env);
    try {
      await session.begin(timeoutMs);
    } catch (e) {
      await session.stop();
      throw new SutStartError((e as Error).message, session.log());
    }
    return session;
  }
}

class CommandSession implements SutSession {
  private readonly lines: string[] = [];
  /** The commands still running, whose exit the log waits for at the end. */
  private readonly children = new Set<ChildProcess>();
  /** Every process group a command started (its pgid is the command's pid), and the command's name. */
  private readonly groups = new Map<number, string>();
  /** Every command's output pipes, until they close: cut at the end (stop()). */
  private readonly outputs: Array<{ name: string; child: ChildProcess; closed: Promise<boolean> }> = [];
  private readonly workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-im-sut-'));
  private readonly env: Record<string, string | undefined>;
  private readonly started = Date.now();
  private daemon?: ChildProcess;
  private daemonExit?: string;
  private stopped = false;

  constructor(
    private readonly settings: CommandSettings,
    sutEnv: SutEnvironment,
  ) {
    this.env = { ...process.env, ...upperTesterEnv(sutEnv), IM_WORK_DIR: this.workDir };
  }

  private stamp(): string {
    return `${String(Date.now() - this.started).padStart(6)} ms`;
  }

  /** Starts one command; its stdout lines, one interface per stream, are kept and given to `onLine`. */
  private spawn(name: string, command: string, onLine?: (line: string) => void): ChildProcess {
    this.lines.push(`${this.stamp()} $ [${name}] ${command}`);
    // Its own process group, so the whole tree can be killed at the end.
    const child = spawn('/bin/sh', ['-c', command], { cwd: this.settings.cwd ?? PROJECT_ROOT, env: this.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.children.add(child);
    if (child.pid !== undefined) {
      this.groups.set(child.pid, name);
      trackGroup(child.pid);
    }
    child.once('exit', () => {
      this.children.delete(child);
      // A command that left nothing running is done with: its number may be reused before the scenario ends.
      if (child.pid !== undefined && forgetIfEmpty(child.pid)) this.groups.delete(child.pid);
    });
    child.once('error', (e) => this.lines.push(`${this.stamp()} ** [${name}] cannot run: ${e.message}`));
    this.outputs.push({ name, child, closed: new Promise((r) => child.once('close', () => r(true))) });
    readline.createInterface({ input: child.stdout! }).on('line', (l) => {
      this.lines.push(`${this.stamp()} <- [${name}] ${l}`);
      onLine?.(l);
    });
    readline.createInterface({ input: child.stderr! }).on('line', (l) => this.lines.push(`${this.stamp()} !! [${name}] ${l}`));
    return child;
  }

  /** Starts the long-running part and waits (bounded) for its ready line. */
  async begin(timeoutMs: number): Promise<void> {
    const { start, readyPattern } = this.settings;
    if (!start) return;
    // The ready line is looked for on the same line interface that keeps the log: a second
    // interface on stdout, closed once ready, would pause the stream, hold back every later line
    // until the exit, and block a client that prints more than a pipe holds.
    let onReady: ((line: string) => void) | undefined;
    const daemon = this.spawn('start', start, (l) => onReady?.(l));
    this.daemon = daemon;
    daemon.once('exit', (code, signal) => {
      this.daemonExit = signal ? `killed by ${signal}` : `exited with code ${code}`;
      this.lines.push(`${this.stamp()} ** [start] ${this.daemonExit}`);
    });
    if (!readyPattern) return;
    const pattern = new RegExp(readyPattern);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error(`the start command printed no line matching /${readyPattern}/ within ${timeoutMs} ms`)), timeoutMs);
      const finish = (e?: Error): void => {
        clearTimeout(timer);
        onReady = undefined;
        if (e) reject(e);
        else resolve();
      };
      onReady = (l) => pattern.test(l) && finish();
      daemon.once('exit', () => finish(new Error(`the start command ${this.daemonExit} before it was ready`)));
    });
  }

  /** Runs one action's command; the reply is its exit status, bounded by `timeoutMs`. */
  private run(name: string, command: string | undefined, timeoutMs: number, extra: Record<string, string> = {}): Promise<ActionReply> {
    if (this.stopped) return Promise.resolve({ ok: false, error: 'stopped' });
    if (!command) return Promise.resolve({ ok: false, error: 'unsupported' });
    Object.assign(this.env, extra);
    const child = this.spawn(name, command);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.kill(child, 'SIGKILL');
        resolve({ ok: false, error: `the ${name} command did not end within ${timeoutMs} ms` });
      }, timeoutMs);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        this.lines.push(`${this.stamp()} ** [${name}] ${signal ? `killed by ${signal}` : `exited with code ${code}`}`);
        resolve(code === 0 ? { ok: true } : { ok: false, error: `the ${name} command ${signal ? `was killed by ${signal}` : `exited with code ${code}`}` });
      });
      child.once('error', (e) => {
        clearTimeout(timer);
        resolve({ ok: false, error: e.message });
      });
    });
  }

  rejoin(conferenceUri: string, timeoutMs: number): Promise<ActionReply> {
    return this.run('rejoin', this.settings.rejoin, timeoutMs, { IM_CONFERENCE_URI: conferenceUri });
  }
  leave(timeoutMs: number): Promise<ActionReply> {
    return this.run('leave', this.settings.leave, timeoutMs);
  }
  state(): Promise<ActionReply> {
    return Promise.resolve({ ok: false, error: 'unsupported' });
  }
  log(): string {
    return this.lines.join('\n') + '\n';
  }
  exited(): string | undefined {
    return this.settings.start ? this.daemonExit : undefined;
  }

  private kill(child: ChildProcess, signal: NodeJS.Signals): void {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  }

  /** Nothing of a command-driven client outlives its scenario. */
  release(): Promise<void> {
    return this.stop();
  }

  /**
   * Every command's output is closed once its group is ended, so its last lines are in the log
   * (bounded). One still open is held by a process that left its group (`setsid`, a daemon): the
   * suite stops reading it, or that process would keep the run from ending, and says so.
   */
  private async cutOutputs(): Promise<void> {
    const closed = await Promise.all(this.outputs.map((o) => Promise.race([o.closed, new Promise<boolean>((r) => setTimeout(() => r(false), 200).unref())])));
    this.outputs.forEach((o, i) => {
      if (closed[i]) return;
      this.lines.push(`${this.stamp()} ** [${o.name}] its output is still held open by a process outside its process group (setsid, a daemon): that process is out of the suite's reach and may go on sending; the suite stops reading it`);
      o.child.stdout?.destroy();
      o.child.stderr?.destroy();
    });
  }

  /**
   * The stop command (bounded), then SIGTERM and SIGKILL to every process group a command
   * started: a command that exited may have left a process running (`… &`), and its group is
   * the one handle on it.
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    if (this.settings.stop) await this.run('stop', this.settings.stop, 2000);
    this.stopped = true;
    const exit = (c: ChildProcess): Promise<unknown> => new Promise((r) => c.once('exit', r));
    const running = [...this.children];
    const exits = running.map(exit);
    const ended = await endGroups(this.groups.keys(), {
      exits,
      onSignal: (pgid, signal, members) => this.lines.push(`${this.stamp()} ** [${this.groups.get(pgid)}] ${signal} to process group ${pgid}, still running: ${describeMembers(members)}`),
    });
    for (const g of ended) {
      if (g.survivors.length > 0) this.lines.push(`${this.stamp()} ** [${this.groups.get(g.pgid)}] process group ${g.pgid} survived SIGKILL, still running: ${describeMembers(g.survivors)}`);
    }
    // The groups are empty, so the commands' exits are on their way: their lines belong in the log.
    if (running.length > 0) await Promise.race([Promise.all(exits), new Promise((r) => setTimeout(r, 1000).unref())]);
    await this.cutOutputs();
    fs.rmSync(this.workDir, { recursive: true, force: true });
  }
}
