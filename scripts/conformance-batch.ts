/**
 * Many runs of the suite in one process, one after another, for the project's own tests
 * (test/helpers/run-suite.ts runConformanceMany: the fault-switch runs). Started with fork(), it
 * loads Node.js, Cucumber and the support code once, then takes jobs over IPC, each
 * `{id, args, env}`: the environment (REPORTS_DIR, IM_CLIENT_FAULTS, …) is set for the job and
 * the run is scripts/conformance.ts's, as `npm run conformance` does it (same summary.json, same
 * verdicts, same gate and exit code), with its output captured and sent back as
 * `{id, exitCode, output}`.
 *
 * What a process cannot change between runs: the SUT profile (the World reads it once per
 * process) and the support code. The parent forks one batch process per profile.
 */
import { loadConfiguration, loadSupport, type ISupportCodeLibrary } from '@cucumber/cucumber/api';
import { PassThrough } from 'node:stream';
import { PROJECT_ROOT } from '../support/project';
import { runClients, warmUpRunClient } from '../support/sut/run-clients';
import { suiteProfile } from '../support/world';
import { conformance } from './conformance';

export interface BatchJob {
  id: number;
  args: string[];
  /** Set for this run only (on top of the batch process's own environment). */
  env: Record<string, string>;
}

export interface BatchResult {
  id: number;
  exitCode: number;
  output: string;
}

const baseEnv = { ...process.env };
let support: Promise<ISupportCodeLibrary> | undefined;

async function loadOnce(): Promise<ISupportCodeLibrary> {
  const environment = { cwd: PROJECT_ROOT, env: process.env };
  const { runConfiguration } = await loadConfiguration({}, environment);
  return loadSupport(runConfiguration, environment);
}

async function run(job: BatchJob): Promise<BatchResult> {
  for (const key of Object.keys(process.env)) if (!(key in baseEnv)) delete process.env[key];
  Object.assign(process.env, baseEnv, job.env);
  let output = '';
  const capture = new PassThrough();
  capture.on('data', (d: Buffer) => (output += d.toString()));
  const library = await (support ??= loadOnce());
  // The client process a run keeps (process.reuse) ends with the run (AfterAll); the one warmed
  // up while the support code loaded had the environment of no job. The next one starts now,
  // with this job's environment (its fault switches), while Cucumber reads the features.
  await runClients.stop();
  warmUpRunClient(suiteProfile);
  let exitCode: number;
  try {
    exitCode = await conformance(job.args, { stdout: capture, stderr: capture, support: library });
  } catch (e) {
    output += `\n${e instanceof Error ? e.stack : String(e)}\n`;
    exitCode = 2;
  }
  await new Promise<void>((resolve) => capture.end(resolve));
  return { id: job.id, exitCode, output };
}

if (require.main === module) {
  if (!process.send) throw new Error('scripts/conformance-batch.js takes its jobs over IPC: start it with child_process.fork()');
  let queue = Promise.resolve();
  process.on('message', (job: BatchJob) => {
    queue = queue.then(async () => void process.send!(await run(job)));
  });
  // The parent closing the channel is the end of the batch.
  process.on('disconnect', () => void queue.then(() => runClients.stop()).then(() => process.exit(0)));
}
