import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateAllureHtml, javaAvailable } from '../report/allure-html';
import { HISTORY_DIR, restoreHistory, saveHistory } from '../report/allure-history';
import { suiteStamp } from '../report/suite-identity';
import type { Summary } from '../report/summary';
import { campaignHtml } from './campaign-html';
import { buildCampaign, type Campaign } from './campaign-matrix';
import { readSummary, type RunRecord } from './campaign-run';
import { combineAllureResults, writeCampaignOverview } from './campaign-allure';

/** What a campaign folder holds besides runs/: written afresh by every campaign and every merge. */
export const CAMPAIGN_FILES = { json: 'campaign.json', html: 'index.html', results: 'allure-results', report: 'allure-report' } as const;

/** An earlier campaign's outputs must not pass for this one's; runs/ (each run cleans its own) stays. */
export function clearCampaignOutputs(outDir: string): void {
  for (const f of Object.values(CAMPAIGN_FILES)) fs.rmSync(path.join(outDir, f), { recursive: true, force: true });
}

export interface Assembled {
  campaign: Campaign;
  /** What became of the one Allure report of every SUT. */
  allure: string;
}

/**
 * campaign.json, index.html and one Allure report of every SUT, from the runs in outDir/runs/:
 * the last step of a campaign and of a merge of shards alike, so both give the same matrix.
 */
export function assembleCampaign(
  outDir: string,
  o: {
    planned: Campaign['planned'];
    shards: string[];
    strict: boolean;
    runArgs: readonly string[];
    records: readonly RunRecord[];
    /** Whether the runs built their reports (no --no-html), so their Allure results can make one report. */
    html: boolean;
    /** Why no report of every SUT is built (--no-html; a shard's: the merge builds it); absent: built when `html`. */
    skipReport?: string;
  },
): Assembled {
  const summaries = new Map<string, Summary>();
  for (const r of o.records) {
    const summary = r.files.summary ? readSummary(path.join(outDir, 'runs', r.slug)) : undefined;
    if (summary) summaries.set(r.slug, summary);
  }
  const campaign = buildCampaign({ suite: suiteStamp(), generated: new Date(), planned: o.planned, shards: o.shards, strict: o.strict, runArgs: o.runArgs, html: o.html, records: o.records, summaries });
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, CAMPAIGN_FILES.json), `${JSON.stringify(campaign, null, 2)}\n`);
  fs.writeFileSync(path.join(outDir, CAMPAIGN_FILES.html), campaignHtml(campaign));
  if (o.skipReport || !o.html) return { campaign, allure: `not built: ${o.skipReport ?? 'the runs had --no-html'}` };
  return { campaign, allure: campaignAllure(outDir, campaign) };
}

function campaignAllure(outDir: string, c: Campaign): string {
  const results = path.join(outDir, CAMPAIGN_FILES.results);
  const runs = c.rows.filter((r) => r.sut).map((r) => ({ slug: r.slug, sut: `${r.sut!.name} ${r.sut!.version}`, resultsDir: path.join(outDir, 'runs', r.slug, 'allure-results') }));
  const taken = combineAllureResults(runs, results);
  if (taken === 0) return 'not built: no run left Allure results';
  // The campaign's own Trend, from its earlier reports in this folder (each SUT's own is in runs/<slug>/history/).
  const history = path.join(outDir, HISTORY_DIR, 'campaign');
  const restored = restoreHistory(history, results);
  writeCampaignOverview(results, c, restored.nextBuildOrder);
  if (!javaAvailable()) return 'not built: allure-commandline needs Java 17 or later';
  const html = generateAllureHtml(results, path.join(outDir, CAMPAIGN_FILES.report));
  if (html.ok) saveHistory(path.join(outDir, CAMPAIGN_FILES.report), history);
  return html.ok ? `${path.join(outDir, CAMPAIGN_FILES.report, 'index.html')} (${taken} results, built in ${html.ms} ms)` : `not built:\n${html.output}`;
}
