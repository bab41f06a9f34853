import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SuiteRun } from './run-suite';

interface Finding {
  requirement: string;
  check: string;
  verdict: string;
  summary: string;
}

type Node = { name?: string; attachments?: Array<{ name: string; source: string }>; steps?: Node[] };

/**
 * Every FAIL finding of a run's scenarios, read from their verdict.json attachments in the
 * run's allure-results: requirement → sub-check → "<scenario>: <summary>" per finding.
 */
export function failedChecks(run: Pick<SuiteRun, 'reportsDir'>): Map<string, Map<string, string[]>> {
  const dir = path.join(run.reportsDir, 'allure-results');
  const out = new Map<string, Map<string, string[]>>();
  const walk = (node: Node, scenario: string): void => {
    for (const a of node.attachments ?? []) {
      if (a.name !== 'verdict.json') continue;
      const v = JSON.parse(fs.readFileSync(path.join(dir, a.source), 'utf8')) as { findings?: Finding[] };
      for (const f of v.findings ?? []) {
        if (f.verdict !== 'FAIL') continue;
        const byCheck = out.get(f.requirement) ?? new Map<string, string[]>();
        byCheck.set(f.check, [...(byCheck.get(f.check) ?? []), `${scenario}: ${f.summary}`]);
        out.set(f.requirement, byCheck);
      }
    }
    for (const s of node.steps ?? []) walk(s, scenario);
  };
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('-result.json'))) {
    const result = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Node & { name: string };
    walk(result, result.name);
  }
  return out;
}

/** The failed sub-checks as plain data, sorted: { requirement: [sub-check, ...] }. */
export function failedSubChecks(run: Pick<SuiteRun, 'reportsDir'>): Record<string, string[]> {
  return Object.fromEntries(
    [...failedChecks(run)].sort(([a], [b]) => a.localeCompare(b)).map(([id, checks]) => [id, [...checks.keys()].sort()]),
  );
}
