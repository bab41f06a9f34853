import * as fs from 'node:fs';

/** A live process of a group, as the session's log names it. */
export interface GroupMember {
  pid: number;
  /** Its command name (on Linux /proc's, at most 15 characters); "?" where it cannot be read. */
  command: string;
}

/** The live members of each group asked about (an empty list: nothing of it is alive). */
export type Membership = (pgids: readonly number[]) => Map<number, GroupMember[]>;

// PID 1 of a container (here `process_api`) need not reap orphans: a backgrounded process that
// exits stays a zombie for good, and `kill(-pgid, 0)` keeps finding its group. So on Linux the
// process table is read and zombies (Z) and dead tasks (X) do not count; elsewhere the signal
// probe is all there is.
const PROC = process.platform === 'linux' && fs.existsSync('/proc/self/stat');

/** The live members of each of `pgids`, from one reading of the process table. */
export const liveMembersOf: Membership = (pgids) => {
  const members = new Map<number, GroupMember[]>(pgids.map((g) => [g, []]));
  if (!PROC) {
    for (const g of pgids) if (probe(g)) members.get(g)!.push({ pid: g, command: '?' });
    return members;
  }
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone since the listing
    }
    // "pid (comm) state ppid pgrp …": comm may hold spaces and ')', so the fields start after the last ')'.
    const close = stat.lastIndexOf(')');
    const [state, , pgrp] = stat.slice(close + 2).split(' ');
    const group = members.get(Number(pgrp));
    if (group && state !== 'Z' && state !== 'X') group.push({ pid: Number(entry), command: stat.slice(stat.indexOf('(') + 1, close) });
  }
  return members;
};

/** The live (not zombie) processes of process group `pgid`. */
export function liveMembers(pgid: number): GroupMember[] {
  return liveMembersOf([pgid]).get(pgid)!;
}

/** Without /proc: does signal 0 reach anything of the group (EPERM: something not ours is there)? */
function probe(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** `12345 sleep, 12346 node`, for a log line. */
export function describeMembers(members: readonly GroupMember[]): string {
  return members.map((m) => `${m.pid} ${m.command}`).join(', ');
}

/** A group that still had live members when it was to be ended. */
export interface EndedGroup {
  pgid: number;
  /** Its live members when it was sent SIGTERM. */
  members: GroupMember[];
  /** It outlived SIGTERM's grace and was sent SIGKILL. */
  killed: boolean;
  /** Alive after SIGKILL too (a process in uninterruptible sleep): the caller says so in its log. */
  survivors: GroupMember[];
}

export interface EndOptions {
  /** How long the groups have after SIGTERM before SIGKILL, and after SIGKILL before survivors are reported. */
  graceMs?: number;
  pollMs?: number;
  /** Who is alive; tests give one that simulates a process SIGKILL does not end. */
  members?: Membership;
  /** Called as each signal is sent, with the group's live members then (for a time-stamped log line). */
  onSignal?: (pgid: number, signal: NodeJS.Signals, members: GroupMember[]) => void;
  /**
   * The exits of processes of these groups the caller sees (its children, the leaders): each is a
   * reason to look again at once. A client that ends on SIGTERM in 5 ms is then not waited for
   * until the next poll.
   */
  exits?: Promise<unknown>[];
}

/**
 * Ends process groups whether or not their leader is still running (a backgrounded child
 * outlives the shell that started it): SIGTERM to each with live members, a bounded wait until
 * they are empty, SIGKILL to what is left, a bounded wait again. Returns at once when every group
 * is already empty. The groups are forgotten by the safety net (below) afterwards.
 */
export async function endGroups(pgids: Iterable<number>, options: EndOptions = {}): Promise<EndedGroup[]> {
  const { graceMs = 1000, members = liveMembersOf, onSignal } = options;
  const wait = poller(options.pollMs ?? 20, options.exits ?? []);
  const asked = [...new Set(pgids)].filter(signallable);
  const ended: EndedGroup[] = [...members(asked)].filter(([, m]) => m.length > 0).map(([pgid, m]) => ({ pgid, members: m, killed: false, survivors: [] }));
  const send = (groups: EndedGroup[], signal: NodeJS.Signals, now: Map<number, GroupMember[]>): void => {
    for (const g of groups) {
      onSignal?.(g.pgid, signal, now.get(g.pgid) ?? g.members);
      signalGroup(g.pgid, signal);
    }
  };
  if (ended.length > 0) {
    send(ended, 'SIGTERM', new Map(ended.map((g) => [g.pgid, g.members])));
    let left = await emptied(ended.map((g) => g.pgid), graceMs, members, wait);
    const stubborn = ended.filter((g) => left.has(g.pgid));
    for (const g of stubborn) g.killed = true;
    if (stubborn.length > 0) {
      send(stubborn, 'SIGKILL', left);
      left = await emptied(stubborn.map((g) => g.pgid), graceMs, members, wait);
      for (const g of stubborn) g.survivors = left.get(g.pgid) ?? [];
    }
  }
  for (const g of asked) tracked.delete(g);
  disarmWhenIdle();
  return ended;
}

/**
 * Polls (bounded by `ms`) until the groups are empty; returns those that are not, with their
 * members. It waits before it first looks: nothing has ended the moment a signal is sent.
 */
async function emptied(pgids: number[], ms: number, members: Membership, wait: () => Promise<void>): Promise<Map<number, GroupMember[]>> {
  const until = Date.now() + ms;
  for (;;) {
    await wait();
    const left = new Map([...members(pgids)].filter(([, m]) => m.length > 0));
    if (left.size === 0 || Date.now() >= until) return left;
  }
}

/** The wait between two looks: `pollMs`, or less when one of `exits` comes first. */
function poller(pollMs: number, exits: Promise<unknown>[]): () => Promise<void> {
  const pending = new Set(exits);
  // Registered before any race below, so an exit leaves the set before the race it ended returns.
  for (const p of exits) void p.then(() => pending.delete(p));
  return async () => {
    let timer: NodeJS.Timeout | undefined;
    // A ref'd timer: the wait must keep a suite that is otherwise done alive until it has ended the groups.
    await Promise.race([new Promise((r) => (timer = setTimeout(r, pollMs))), ...pending]);
    clearTimeout(timer);
  };
}

/** 0 and 1 are never a client's group: kill(-0) is the suite's own group, kill(-1) everything it may signal. */
function signallable(pgid: number): boolean {
  return Number.isInteger(pgid) && pgid > 1 && pgid !== process.pid;
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Empty since it was looked at.
  }
}

// The safety net. A suite that exits or is stopped between a client's start and its stop()
// (a crash, Ctrl-C, a campaign's SIGTERM) must not leave the client running: the groups of the
// process's adapters are out of reach of a signal to the suite's own group. Each process has its
// own (Cucumber's --parallel workers load this module themselves).

const tracked = new Set<number>();
const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let armed = false;
/** A stop signal came and the groups are being ended: a second one ends them at once. */
let ending = false;

/** Remembers a group an adapter started, until endGroups() ends it or the suite exits. */
export function trackGroup(pgid: number): void {
  if (!signallable(pgid)) return;
  tracked.add(pgid);
  if (armed) return;
  armed = true;
  process.on('exit', killTracked);
  // Listeners only while there is something to end: a listener replaces the signal's default
  // (the process would no longer stop), so onSignal gives it back and raises the signal again.
  for (const s of STOP_SIGNALS) process.on(s, onSignal);
}

/**
 * Forgets `pgid` when nothing of it is alive (its leader has exited, so it can never fill again):
 * the number may then be a new process's, which neither the safety net nor a later endGroups()
 * must signal. Returns whether it was forgotten.
 */
export function forgetIfEmpty(pgid: number): boolean {
  if (liveMembers(pgid).length > 0) return false;
  tracked.delete(pgid);
  disarmWhenIdle();
  return true;
}

/** The groups tracked now (for tests). */
export function trackedGroups(): number[] {
  return [...tracked];
}

function disarmWhenIdle(): void {
  if (tracked.size > 0 || !armed || ending) return;
  armed = false;
  process.off('exit', killTracked);
  for (const s of STOP_SIGNALS) process.off(s, onSignal);
}

/** At exit nothing asynchronous runs: SIGKILL, at once. */
function killTracked(): void {
  for (const g of tracked) signalGroup(g, 'SIGKILL');
  tracked.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  if (ending) return reraise(signal);
  ending = true;
  void endGroups([...tracked]).finally(() => reraise(signal));
}

/** Ends what is left, then lets the signal do what it would have done without these listeners. */
function reraise(signal: NodeJS.Signals): void {
  killTracked();
  ending = false;
  disarmWhenIdle();
  // Another listener (the suite's own, none today) had the signal too and decides what it does.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}
