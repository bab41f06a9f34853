import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../support/project';
import type { Summary } from '../support/report/summary';

/** One run of the conformance suite in reports of its own (no HTML), timed. */
export interface TimedRun {
  wallMs: number;
  exitCode: number | null;
  summary?: Summary;
  junit: string;
  output: string;
}

export function runSuite(args: string[] = [], env: Record<string, string> = {}): TimedRun {
  const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-im-bench-'));
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'scripts', 'conformance.js'), '--no-html', ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, REPORTS_DIR: reports, ...env },
    encoding: 'utf8',
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const read = (f: string) => (fs.existsSync(path.join(reports, f)) ? fs.readFileSync(path.join(reports, f), 'utf8') : '');
  const summaryText = read('summary.json');
  const result = { wallMs, exitCode: run.status, summary: summaryText ? (JSON.parse(summaryText) as Summary) : undefined, junit: read('junit.xml'), output: `${run.stdout}${run.stderr}` };
  fs.rmSync(reports, { recursive: true, force: true });
  return result;
}

/** Scenario verdicts keyed by requirement, name and occurrence (outline rows may share a name). */
export function scenarioVerdicts(summary: Summary): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of summary.requirements) {
    const seen = new Map<string, number>();
    for (const s of r.scenarios) {
      const n = (seen.get(s.name) ?? 0) + 1;
      seen.set(s.name, n);
      out.set(`${r.id} | ${s.name}${n > 1 ? ` (${n})` : ''}`, s.verdict);
    }
  }
  return out;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
