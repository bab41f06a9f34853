import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { rejudgeBundle } from '../../support/evidence/rejudge';
import { PROJECT_ROOT } from '../../support/project';
import type { Summary } from '../../support/report/summary';
import type { BatchJob, BatchResult } from '../../scripts/conformance-batch';
import { runProcess } from './run-process';

export interface SuiteRun {
  exitCode: number | null;
  output: string;
  reportsDir: string;
  summary: Summary;
}

export interface Options {
  faults?: string[];
  args?: string[];
  env?: Record<string, string>;
}

/**
 * Runs `npm run conformance` as a user would (the compiled runner, the npm script minus its
 * build), in reports of its own, against the reference client with the given fault switches.
 */
export async function runConformance(options: Options = {}): Promise<SuiteRun> {
  const run = await runConformanceProcess(options);
  const file = path.join(run.reportsDir, 'summary.json');
  if (!fs.existsSync(file)) throw new Error(`no summary.json (exit ${run.exitCode}):\n${run.output}`);
  return { ...run, summary: JSON.parse(fs.readFileSync(file, 'utf8')) as Summary };
}

/**
 * A reports folder of a run's own, removed when the test file's process ends. Under os.tmpdir():
 * scripts/run-tests.ts points TMPDIR at /dev/shm where it exists, because the Allure writer
 * fsyncs each of a run's ~400 result and attachment files (docs/performance.md).
 */
export function newReportsDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-im-run-'));
  made.push(dir);
  return dir;
}
const made: string[] = [];
process.once('exit', () => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** The same run, for one that may stop before any report (a refused profile: exit code 2). */
export async function runConformanceProcess(options: Options = {}): Promise<Omit<SuiteRun, 'summary'>> {
  const reportsDir = newReportsDir();
  const run = await runProcess(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'scripts', 'conformance.js'), ...(options.args ?? [])], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, REPORTS_DIR: reportsDir, IM_CLIENT_FAULTS: (options.faults ?? []).join(','), ...options.env },
  });
  return { ...run, reportsDir };
}

/**
 * How many runs go side by side. A run waits on the network (T1, the test bed's bounded waits)
 * for a good part of its time, so a little more than the cores pays (docs/performance.md).
 */
export const SUITE_RUNS_WIDTH = Number(process.env.SUITE_RUNS_WIDTH) || Math.max(2, os.availableParallelism() + 1);

/**
 * Many runs, each the same as runConformance's (own reports, the faults, args and env it names,
 * scripts/conformance.ts's code from the arguments to the exit code), `width` at a time. Each of
 * the `width` lanes is a long-lived process (scripts/conformance-batch.ts) that loads Node.js,
 * Cucumber and the support code once and then does its runs in a row: a run then costs its
 * scenarios, not the ~1 s of start-up. A process serves one SUT profile (the World reads it once),
 * so runs are grouped by profile and a lane moving to another profile starts a new process.
 * Results come back in the order of `runs`; like runConformance, a run without summary.json throws.
 */
export async function runConformanceMany(runs: Options[], width = SUITE_RUNS_WIDTH): Promise<SuiteRun[]> {
  // Longest first (as the last batch timed them): a slow run (a fault that makes every scenario
  // wait out its timeouts) started last would leave the other lanes idle at the end.
  const took = readRunTimes();
  const jobs = runs.map((options, index) => ({ index, options, profile: profileOf(options), key: JSON.stringify(options), ms: 0 }));
  const queue = [...jobs].sort((a, b) => (took[b.key] ?? Infinity) - (took[a.key] ?? Infinity) || a.profile.localeCompare(b.profile) || a.index - b.index);
  const results: SuiteRun[] = new Array(runs.length);
  let failure: Error | undefined;
  await Promise.all(
    Array.from({ length: Math.min(width, runs.length) }, async () => {
      let lane: BatchLane | undefined;
      try {
        for (let job = takeFor(queue, lane?.profile); job && !failure; job = takeFor(queue, lane?.profile)) {
          if (lane && lane.profile !== job.profile) lane = void lane.close();
          const started = Date.now();
          lane ??= new BatchLane(job.profile);
          const reportsDir = newReportsDir();
          const env = { REPORTS_DIR: reportsDir, IM_CLIENT_FAULTS: (job.options.faults ?? []).join(','), ...job.options.env };
          const { exitCode, output } = await lane.run(job.options.args ?? [], env);
          job.ms = Date.now() - started;
          const file = path.join(reportsDir, 'summary.json');
          if (!fs.existsSync(file)) throw new Error(`no summary.json (exit ${exitCode}):\n${output}`);
          results[job.index] = { exitCode, output, reportsDir, summary: JSON.parse(fs.readFileSync(file, 'utf8')) as Summary };
        }
      } catch (e) {
        failure ??= e as Error;
      } finally {
        lane?.close();
      }
    }),
  );
  if (failure) throw failure;
  writeRunTimes(Object.fromEntries(jobs.map((j) => [j.key, j.ms])));
  return results;
}

/** The next job: the first of the queue, or a job of the lane's profile near the front, saving a process start. */
function takeFor<T extends { profile: string }>(queue: T[], profile: string | undefined): T | undefined {
  const near = queue.slice(0, 3).findIndex((j) => j.profile === profile);
  return queue.splice(near > 0 ? near : 0, 1)[0];
}

/** How long each run of the last batches took, by its options: a cache in dist/ (a build output), used only to order runs. */
const RUN_TIMES = path.join(PROJECT_ROOT, 'dist', '.suite-run-times.json');

function readRunTimes(): Record<string, number> {
  try {
    return JSON.parse(fs.readFileSync(RUN_TIMES, 'utf8')) as Record<string, number>;
  } catch {
    return {};
  }
}

function writeRunTimes(times: Record<string, number>): void {
  const temp = `${RUN_TIMES}.${process.pid}`;
  fs.writeFileSync(temp, JSON.stringify({ ...readRunTimes(), ...times }, null, 1));
  fs.renameSync(temp, RUN_TIMES);
}

/** The SUT profile a run uses, as scripts/conformance.ts finds it ('' for the default). */
function profileOf(options: Options): string {
  const args = options.args ?? [];
  const at = args.indexOf('--sut');
  if (at >= 0 && args[at + 1]) return path.resolve(PROJECT_ROOT, args[at + 1]);
  const named = options.env?.SUT_PROFILE ?? process.env.SUT_PROFILE;
  return named ? path.resolve(PROJECT_ROOT, named) : '';
}

/** One scripts/conformance-batch.js process; what it prints outside a run goes to the run in progress. */
class BatchLane {
  private readonly child: ChildProcess;
  private current?: { id: number; output: string; resolve: (r: { exitCode: number | null; output: string }) => void };
  private nextId = 1;
  private gone?: string;

  constructor(readonly profile: string) {
    this.child = fork(path.join(PROJECT_ROOT, 'dist', 'scripts', 'conformance-batch.js'), [], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...(profile ? { SUT_PROFILE: profile } : {}) },
      execArgv: ['--enable-source-maps'],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const stray = (d: Buffer): void => void (this.current && (this.current.output += d.toString()));
    this.child.stdout!.on('data', stray);
    this.child.stderr!.on('data', stray);
    this.child.on('message', (r: BatchResult) => {
      const current = this.current;
      if (!current || current.id !== r.id) return;
      this.current = undefined;
      current.resolve({ exitCode: r.exitCode, output: current.output + r.output });
    });
    this.child.on('exit', (code, signal) => {
      this.gone = `the batch process ${signal ? `was killed by ${signal}` : `exited with code ${code}`}`;
      const current = this.current;
      this.current = undefined;
      current?.resolve({ exitCode: null, output: `${current.output}\n${this.gone} during the run` });
    });
  }

  run(args: string[], env: Record<string, string>): Promise<{ exitCode: number | null; output: string }> {
    if (this.gone) return Promise.resolve({ exitCode: null, output: this.gone });
    const job: BatchJob = { id: this.nextId++, args, env };
    return new Promise((resolve) => {
      this.current = { id: job.id, output: '', resolve };
      this.child.send(job);
    });
  }

  /** Ends the process: it finishes its run, stops its kept client and exits. */
  close(): undefined {
    if (this.child.connected) this.child.disconnect();
    return undefined;
  }
}

export function verdictsById(summary: Summary): Record<string, string> {
  return Object.fromEntries(summary.requirements.map((r) => [r.id, r.verdict]));
}

/** What a reader needs when an assertion on a run fails: each requirement's verdict and first reason. */
export function describeVerdicts(summary: Summary): string {
  return summary.requirements.map((r) => `  ${r.id} ${r.verdict}${r.reason ? `: ${r.reason}` : ''}`).join('\n');
}

/**
 * The run's evidence bundle, judged again with no client and no network (npm run rejudge), gives
 * every verdict the run gave: the message says which did not.
 */
export function assertRejudged(run: Pick<SuiteRun, 'reportsDir'>): void {
  const r = rejudgeBundle(run.reportsDir);
  assert.deepEqual(r.refused, undefined, `the bundle of ${run.reportsDir} was refused`);
  const changed = r.scenarios.flatMap((s) => s.verdictChanges.map((c) => `${s.id}: ${c}`));
  assert.deepEqual([...changed, ...r.summaryChanges], [], `rejudge of ${run.reportsDir} did not reproduce the run`);
  assert.ok(r.scenarios.length > 0, 'a bundle with scenarios');
}
