import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringifyEnvInfo } from 'allure-js-commons/sdk/reporter';
import { executorInfo, hostInfo } from '../report/allure-overview';
import { campaignTitle, type Campaign } from './campaign-matrix';

/** One SUT's allure-results, as its run left them (post-processed by scripts/conformance.ts). */
export interface RunResults {
  slug: string;
  /** "<name> <version>", the report's parent suite for this SUT. */
  sut: string;
  resultsDir: string;
}

/**
 * Every run's allure-results in one folder for one Allure report of the campaign. The runs test
 * the same test cases, and Allure takes results with one historyId for retries of one test: each
 * SUT's ids get its slug in front ("reference-ims/SIMPLE_IM-1.0-con-RJ02-01"), its results the SUT
 * as their parent suite (the Suites tab groups by SUT) and a `sut:<slug>` tag. Attachments keep
 * their names (uuids: they do not collide). Returns how many results it took.
 */
export function combineAllureResults(runs: readonly RunResults[], outDir: string): number {
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  let results = 0;
  for (const run of runs) {
    if (!fs.existsSync(run.resultsDir)) continue;
    for (const file of fs.readdirSync(run.resultsDir)) {
      const from = path.join(run.resultsDir, file);
      if (!fs.statSync(from).isFile()) continue;
      if (file.endsWith('-result.json')) {
        fs.writeFileSync(path.join(outDir, file), JSON.stringify(forSut(JSON.parse(fs.readFileSync(from, 'utf8')) as AllureResult, run)));
        results++;
      } else if (file.endsWith('-container.json') || file.includes('-attachment')) {
        fs.copyFileSync(from, path.join(outDir, file));
      } else if (file === 'categories.json' && !fs.existsSync(path.join(outDir, file))) {
        fs.copyFileSync(from, path.join(outDir, file)); // the same for every run of one suite version
      }
      // environment.properties and executor.json are each run's own: the campaign writes its own.
    }
  }
  return results;
}

interface AllureResult {
  historyId?: string;
  testCaseId?: string;
  fullName?: string;
  labels?: Array<{ name: string; value: string }>;
  [key: string]: unknown;
}

function forSut(result: AllureResult, run: RunResults): AllureResult {
  const prefix = (v: string | undefined): string | undefined => (v === undefined ? undefined : `${run.slug}/${v}`);
  const labels = (result.labels ?? []).filter((l) => l.name !== 'parentSuite');
  return {
    ...result,
    ...(result.historyId !== undefined ? { historyId: prefix(result.historyId) } : {}),
    ...(result.testCaseId !== undefined ? { testCaseId: prefix(result.testCaseId) } : {}),
    ...(result.fullName !== undefined ? { fullName: prefix(result.fullName) } : {}),
    labels: [...labels, { name: 'parentSuite', value: run.sut }, { name: 'tag', value: `sut:${run.slug}` }],
  };
}

/**
 * The campaign's first screen: its outcome as the report's name, one environment row per SUT,
 * and the executor (who ran it, where, the CI build) as a single run's (allure-overview.ts).
 */
export function writeCampaignOverview(resultsDir: string, c: Campaign, localBuildOrder?: number): void {
  const rows = { campaign: `${c.outcome}: ${c.rows.length} SUT(s)`, ...Object.fromEntries(c.rows.map((r) => [r.slug, `${r.outcome}${r.sut ? ` (${r.sut.name} ${r.sut.version})` : ''}`])) };
  fs.writeFileSync(path.join(resultsDir, 'environment.properties'), stringifyEnvInfo(rows));
  const executor = executorInfo(c, { reportName: campaignTitle(c) }, c.outcome === 'COMPLIANT', { env: process.env, host: hostInfo(), localBuildOrder, buildName: c.outcome });
  fs.writeFileSync(path.join(resultsDir, 'executor.json'), JSON.stringify(executor, null, 2));
}
