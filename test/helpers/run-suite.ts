import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../../support/project';
import type { Summary } from '../../support/report/summary';

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

/** The same run, for one that may stop before any report (a refused profile: exit code 2). */
export function runConformanceProcess(options: Options = {}): Promise<Omit<SuiteRun, 'summary'>> {
  const reportsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-im-run-'));
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'scripts', 'conformance.js'), ...(options.args ?? [])], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, REPORTS_DIR: reportsDir, IM_CLIENT_FAULTS: (options.faults ?? []).join(','), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, output, reportsDir }));
  });
}

export function verdictsById(summary: Summary): Record<string, string> {
  return Object.fromEntries(summary.requirements.map((r) => [r.id, r.verdict]));
}
