import { parseEnvInfo, stringifyEnvInfo } from 'allure-js-commons/sdk/reporter';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findRequirement, gatesCompliance } from '../requirements';
import { rowReason } from './matrix-text';
import { notCovered, notSelected, type Summary } from './summary';

/**
 * What Allure 2's Overview page shows as it opens, with no click: the summary widget's title
 * (the report name), the Environment widget's first five rows (the rest sit behind its "Show
 * all") and the Executors widget. allure-commandline takes the report name from the results'
 * executor.json when `generate` is given no --report-name.
 */
export interface Overview {
  /** The summary widget's title: "COMPLIANT — <SUT>" or "NOT COMPLIANT: RJ-02, … — <SUT>". */
  reportName: string;
  /** The Environment widget's rows, in order: the verdict, the SUT, the matrix, then one row per requirement. */
  environment: Array<[string, string]>;
}

export interface OverviewOptions {
  /** --strict: MAY and robustness requirements gated too. */
  strict?: boolean;
}

/**
 * The first screen of the report for a run: the global statement (the same gate as the exit
 * code of `npm run conformance`, given its `gateFailures`), the SUT, and the matrix (id,
 * strength, verdict) in two rows, gating and reported, so that all of it fits the Environment
 * widget's first five rows; under "Show all", one row per requirement with its first reason.
 */
export function overviewOf(summary: Summary, failures: readonly string[], o: OverviewOptions = {}): Overview {
  const sut = `${summary.sut.name} ${summary.sut.version}`;
  // A failure reads "RJ-02 SHALL FAIL: <reason>" (gateFailures); the statement keeps what is before the colon.
  const failing = failures.map((f) => f.split(':')[0] + (/^\S+ \S+ N\/A: not judged/.test(f) ? ' (not judged)' : ''));
  const caveats: string[] = [];
  if (o.strict) caveats.push('--strict: MAY and robustness gate too');
  const left = notSelected(summary);
  if (left.length > 0) caveats.push(`partial run: the selection (--tags) left out ${left.join(', ')}`);
  const gaps = notCovered(summary);
  if (gaps.length > 0) caveats.push(`partial coverage: this suite version does not judge ${gaps.join(', ')} yet`);
  const compliant = failures.length === 0;
  const statement = compliant ? `COMPLIANT${caveats.length > 0 ? ` (${caveats.join('; ')})` : ''}` : `NOT COMPLIANT: ${failing.join(', ')}${o.strict ? ' (--strict)' : ''}`;
  const ids = failing.map((f) => f.split(' ')[0]);
  const headline = compliant ? `COMPLIANT${left.length + gaps.length > 0 ? ' (partial)' : ''}` : `NOT COMPLIANT: ${[...new Set(ids)].join(', ')}`;

  const cell = (r: Summary['requirements'][number]): string => `${r.id} ${r.strength} ${r.verdict}`;
  const gates = (r: Summary['requirements'][number]): boolean => {
    if (o.strict) return true;
    const c = findRequirement(r.id);
    return c ? gatesCompliance(c) : r.strength === 'SHALL' || r.strength === 'COND';
  };
  const strengths = (rs: Summary['requirements']): string => [...new Set(rs.map((r) => r.strength))].join(', ');
  const gating = summary.requirements.filter(gates);
  const reported = summary.requirements.filter((r) => !gates(r));
  const matrix: Array<[string, string]> = [];
  if (gating.length > 0) matrix.push([`Gating (${strengths(gating)})`, gating.map(cell).join(', ')]);
  if (reported.length > 0) matrix.push([`Reported, never gates (${strengths(reported)})`, reported.map(cell).join(', ')]);
  const rows = summary.requirements.map((r): [string, string] => {
    const reason = rowReason(summary, r);
    return [`${r.id} ${r.strength}`, reason ? `${r.verdict}: ${reason}` : r.verdict];
  });
  return {
    reportName: `${headline} — ${sut}`,
    environment: [['Verdict', statement], ['SUT', sut], ...matrix, ...rows],
  };
}

/**
 * Puts the overview into the Allure results before the report is built: the Environment rows
 * first in environment.properties (allure-cucumberjs wrote the run's own rows there at its end;
 * they follow, minus any key of the overview's), and an executor.json whose report name is the
 * summary widget's title, the Executors widget showing the suite and the bare statement.
 */
export function writeOverview(resultsDir: string, summary: Summary, failures: readonly string[], o: OverviewOptions = {}): Overview {
  const overview = overviewOf(summary, failures, o);
  const file = path.join(resultsDir, 'environment.properties');
  const before = fs.existsSync(file) ? parseEnvInfo(fs.readFileSync(file, 'utf8')) : {};
  const ours = Object.fromEntries(overview.environment);
  const kept = Object.fromEntries(Object.entries(before).filter(([key]) => !(key in ours)));
  fs.writeFileSync(file, stringifyEnvInfo({ ...ours, ...kept }));
  const executor = {
    name: `${summary.suite.name} ${summary.suite.version}`,
    type: 'conformance',
    reportName: overview.reportName,
    // The Executors widget's narrow right-hand column: the bare statement fits it unbroken.
    buildName: failures.length === 0 ? 'COMPLIANT' : 'NOT COMPLIANT',
  };
  fs.writeFileSync(path.join(resultsDir, 'executor.json'), JSON.stringify(executor, null, 2));
  return overview;
}
