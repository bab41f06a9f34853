import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../project';
import { HISTORY_DIR } from '../report/allure-history';
import { gateFailures, gatingRequirements, notSelected, type Summary } from '../report/summary';
import { LOOPBACK_NET_VARIABLE } from '../sut/loopback-net';
import type { PlannedRun } from './campaign-plan';

/** How one SUT of a campaign came out. */
export type RunOutcome = 'COMPLIANT' | 'NOT COMPLIANT' | 'NO VERDICT' | 'NOT RUN';

/** One run of a campaign as runs/<slug>/campaign-run.json keeps it: a shard's folder says what it holds. */
export interface RunRecord extends PlannedRun {
  /** The shard that ran it ("1/1" for a campaign in one go): a merge takes each run from its shard. */
  shard: string;
  outcome: RunOutcome;
  /** Why: the gate's failures, the refusal, the crash, the reason it did not run. */
  reason: string;
  /** The gate's failures, one line each (scripts/conformance.ts prints the same). */
  failures: string[];
  /** scripts/conformance.ts's exit code (0, 1, 2), or null when it was killed or never started. */
  exitCode: number | null;
  signal?: string;
  durationMs: number;
  /** When the run ended (ISO 8601): a stale shard folder shows by it. */
  finishedAt: string;
  /** The run's reports, relative to the run's folder, those that exist. */
  files: { summary?: string; pctr?: string; html?: string; console?: string };
}

export const RUN_RECORD = 'campaign-run.json';

export interface RunSettings {
  /** The campaign's runs/ folder: each run writes its reports in runs/<slug>. */
  runsDir: string;
  /** Options for every run: --no-html, --strict, and what the campaign passes on to Cucumber. */
  args: readonly string[];
  strict: boolean;
  /** This campaign's shard, "i/n" ("1/1" unsharded). */
  shard: string;
  /** --run-timeout: a run still going after this long is stopped (0 or absent: none). */
  timeoutMs?: number;
  /** Where the runs under way are kept, for an interrupted campaign to stop them. */
  live?: LiveRuns;
}

/** The runs under way, so that an interrupted campaign can stop them (scripts/campaign.ts). */
export class LiveRuns {
  private readonly runs = new Map<ChildProcess, boolean>();
  add(child: ChildProcess, ownGroup: boolean): void {
    this.runs.set(child, ownGroup);
  }
  delete(child: ChildProcess): void {
    this.runs.delete(child);
  }
  /** Signals every run under way, with everything it started in its group; returns how many. */
  signal(signal: NodeJS.Signals): number {
    for (const [child, ownGroup] of this.runs) signalRun(child, ownGroup, signal);
    return this.runs.size;
  }
}

/**
 * Signals a run: its whole process group when it leads one, whether or not the leader is still
 * there (what it started can outlive it), else the process alone while it runs.
 */
function signalRun(child: ChildProcess, ownGroup: boolean, signal: NodeJS.Signals): void {
  if (child.pid === undefined || (!ownGroup && (child.exitCode !== null || child.signalCode !== null))) return;
  try {
    process.kill(ownGroup ? -child.pid : child.pid, signal);
  } catch {
    // Nothing of it is left.
  }
}

/** How long a stopped run has, after SIGTERM, before SIGKILL. */
const KILL_GRACE_MS = 5000;

/**
 * One SUT's run: scripts/conformance.js in a process of its own (a run that crashes takes only
 * itself down), its reports in runs/<slug>, its console in runs/<slug>/console.log. It leads a
 * process group of its own, so a run that overstays `timeoutMs` (a client that never lets it end)
 * is stopped with what it started; a client an operator drives (manual) keeps the terminal and
 * the terminal's group instead.
 */
export async function runOne(run: PlannedRun, settings: RunSettings): Promise<RunRecord> {
  const dir = path.join(settings.runsDir, run.slug);
  clearRunFolder(dir);
  const started = Date.now();
  if (run.refused) return record(run, dir, settings, { outcome: 'NO VERDICT', reason: run.refused, exitCode: null, durationMs: 0 }, false);
  const consoleFile = path.join(dir, 'console.log');
  const operator = run.sut?.adapter === 'manual';
  const out = operator ? undefined : fs.openSync(consoleFile, 'w');
  const env: NodeJS.ProcessEnv = { ...process.env, REPORTS_DIR: dir };
  // The plan's /24 or none: one set around the campaign is not this run's.
  if (run.loopbackNet) env[LOOPBACK_NET_VARIABLE] = run.loopbackNet;
  else delete env[LOOPBACK_NET_VARIABLE];
  const child = spawn(process.execPath, ['--enable-source-maps', path.join(PROJECT_ROOT, 'dist', 'scripts', 'conformance.js'), '--sut', path.resolve(run.profile), ...settings.args], {
    env,
    stdio: operator ? 'inherit' : ['ignore', out, out],
    detached: !operator,
  });
  settings.live?.add(child, !operator);
  let timedOut = false;
  const timer =
    settings.timeoutMs && !operator
      ? setTimeout(() => {
          timedOut = true;
          signalRun(child, !operator, 'SIGTERM');
          setTimeout(() => signalRun(child, !operator, 'SIGKILL'), KILL_GRACE_MS).unref();
        }, settings.timeoutMs)
      : undefined;
  const ended = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  clearTimeout(timer);
  settings.live?.delete(child);
  // What the run left in its group (a client it started) goes with it.
  if (!operator) signalRun(child, true, 'SIGKILL');
  if (out !== undefined) fs.closeSync(out);
  const durationMs = Date.now() - started;
  const said = ended.error ? ended.error.message : lastLines(consoleFile);
  const summary = readSummary(dir);
  const noVerdict = (why: string): RunRecord =>
    record(run, dir, settings, { outcome: 'NO VERDICT', reason: `the run gave no verdict (${why})${said ? `: ${said}` : ''}`, exitCode: ended.code, ...(ended.signal ? { signal: ended.signal } : {}), durationMs });
  if (timedOut) return noVerdict(`stopped after ${Math.round(settings.timeoutMs! / 1000)} s, the campaign's --run-timeout`);
  // The summary must be of this profile's SUT: the run's own options decide which (a --sut among the run options is refused earlier).
  if (summary && run.sut && (summary.sut.name !== run.sut.name || summary.sut.version !== run.sut.version)) {
    return noVerdict(`its summary.json judged ${summary.sut.name} ${summary.sut.version}, not ${run.sut.name} ${run.sut.version}`);
  }
  if (ended.code === 0 && summary) return record(run, dir, settings, { outcome: 'COMPLIANT', reason: compliantReason(summary), exitCode: 0, durationMs });
  const failures = summary ? gateFailures(summary, settings.strict) : [];
  // Exit code 1 is "not compliant" only with the gate's failures to show; else the run broke after its summary.
  if (ended.code === 1 && failures.length > 0) return record(run, dir, settings, { outcome: 'NOT COMPLIANT', reason: failures.join('; '), failures, exitCode: 1, durationMs });
  return noVerdict(ended.signal ? `killed by ${ended.signal}` : ended.code === null ? 'did not start' : `exit code ${ended.code}`);
}

/**
 * A run the campaign did not start (it stopped after a FAIL, without --continue). Its record is
 * written all the same, naming none of the files an earlier campaign may have left in its folder.
 */
export function notRun(run: PlannedRun, settings: RunSettings, reason: string): RunRecord {
  const dir = path.join(settings.runsDir, run.slug);
  clearRunFolder(dir);
  return record(run, dir, settings, { outcome: 'NOT RUN', reason, exitCode: null, durationMs: 0 }, false);
}

function record(run: PlannedRun, dir: string, settings: RunSettings, result: Pick<RunRecord, 'outcome' | 'reason' | 'exitCode' | 'durationMs'> & Partial<RunRecord>, ran = true): RunRecord {
  const exists = (f: string): string | undefined => (fs.existsSync(path.join(dir, f)) ? f : undefined);
  const files = ran
    ? Object.fromEntries(
        Object.entries({ summary: exists('summary.json'), pctr: exists('pctr.html'), html: exists(path.join('allure-report', 'index.html')), console: exists('console.log') }).filter(([, f]) => f),
      )
    : {};
  const full: RunRecord = { ...run, shard: settings.shard, failures: [], finishedAt: new Date().toISOString(), ...result, files };
  fs.writeFileSync(path.join(dir, RUN_RECORD), `${JSON.stringify(full, null, 2)}\n`);
  return full;
}

/**
 * A run's folder before the run: an earlier campaign's reports must not pass for this one's (a
 * profile refused now, a run that does not start, would otherwise link the old ones). Only the
 * Allure history (history/) stays, for the SUT's Trend.
 */
function clearRunFolder(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const entry of fs.readdirSync(dir)) if (entry !== HISTORY_DIR) fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
}

/** The record a campaign wrote in a run's folder. */
export function readRunRecord(dir: string): RunRecord | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, RUN_RECORD), 'utf8')) as RunRecord;
  } catch {
    return undefined;
  }
}

export function readSummary(dir: string): Summary | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'summary.json'), 'utf8')) as Summary;
  } catch {
    return undefined;
  }
}

function compliantReason(summary: Summary): string {
  const gating = gatingRequirements(summary).filter((r) => r.verdict === 'PASS');
  const left = notSelected(summary);
  // As a single run says it: a selection's COMPLIANT does not cover what it left out.
  return `every applicable SHALL passed (${gating.map((r) => r.id).join(', ')})${left.length > 0 ? `; partial: the selection left out ${left.join(', ')}` : ''}`;
}

/** What a run that gave no verdict said last: the lines that name why (a bad profile's field, a crash). */
function lastLines(file: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
  return text.trim().split('\n').slice(-3).join(' / ').slice(0, 600);
}

/** Whether a run FAILed a requirement that gates (a definite violation: INCONC is not one). */
export function failedGate(r: RunRecord, settings: Pick<RunSettings, 'runsDir' | 'strict'>): boolean {
  if (r.outcome !== 'NOT COMPLIANT') return false;
  const summary = readSummary(path.join(settings.runsDir, r.slug));
  return Boolean(summary && gatingRequirements(summary, settings.strict).some((q) => q.verdict === 'FAIL'));
}
