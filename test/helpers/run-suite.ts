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

/**
 * Runs `npm run conformance` as a user would (the compiled runner, the npm script minus its
 * build), in reports of its own, against the reference client with the given fault switches.
 */
export function runConformance(options: { faults?: string[]; args?: string[]; env?: Record<string, string> } = {}): Promise<SuiteRun> {
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
    child.on('close', (exitCode) => {
      const file = path.join(reportsDir, 'summary.json');
      if (!fs.existsSync(file)) return reject(new Error(`no summary.json (exit ${exitCode}):\n${output}`));
      resolve({ exitCode, output, reportsDir, summary: JSON.parse(fs.readFileSync(file, 'utf8')) as Summary });
    });
  });
}

export function verdictsById(summary: Summary): Record<string, string> {
  return Object.fromEntries(summary.requirements.map((r) => [r.id, r.verdict]));
}
