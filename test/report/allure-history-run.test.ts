import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { PROJECT_ROOT } from '../../support/project';
import { javaAvailable } from '../../support/report/allure-html';
import { HISTORY_DIR, reportDataFiles, sutHistoryKey } from '../../support/report/allure-history';
import { assertRejudged, newReportsDir, runConformanceProcess } from '../helpers/run-suite';

/**
 * Three runs into one reports folder, as a lab's machine sees them: the reference client twice,
 * then another profile of it. The second report's Trend shows both runs of its SUT, the third's
 * only its own, and the folder, histories and all, is still an evidence bundle rejudge accepts.
 */
const noJava = javaAvailable() ? false : 'no Java: the HTML report (and its history) needs allure-commandline on Java 17';
const OTHER = path.join(PROJECT_ROOT, 'test', 'data', 'profiles', 'reference-udp-ipv4.json');
const SUT = { name: 'simple-im-reference', version: '0.1.0' };
// The build order must be the local count, not a CI engine's run number (the same for every run of a job).
const NO_CI = Object.fromEntries(['GITHUB_ACTIONS', 'GITHUB_RUN_ID', 'GITLAB_CI', 'CI_JOB_ID', 'JENKINS_URL', 'JENKINS_HOME', 'BUILD_URL', 'BUILD_NUMBER'].map((v) => [v, '']));

type TrendEntry = { buildOrder?: number; reportName?: string; data: { total: number } };
const reports = noJava ? '' : newReportsDir();
const outputs: string[] = [];
const keptTrend = (profile: string): TrendEntry[] => JSON.parse(fs.readFileSync(path.join(reports, HISTORY_DIR, sutHistoryKey(SUT, profile), 'history-trend.json'), 'utf8')) as TrendEntry[];
/** The Trend widget's data as the report's own page reads it. */
const shownTrend = (): TrendEntry[] => JSON.parse(reportDataFiles(fs.readFileSync(path.join(reports, 'allure-report', 'index.html'), 'utf8'), 'widgets/').get('widgets/history-trend.json')!) as TrendEntry[];

async function runInto(args: string[]): Promise<void> {
  const run = await runConformanceProcess({ args: [...args, '--tags', '@req:RJ-02'], env: { ...NO_CI, REPORTS_DIR: reports } });
  outputs.push(run.output);
  assert.equal(run.exitCode, 0, run.output.slice(-3000));
}

let afterTwo: { shown: TrendEntry[]; kept: TrendEntry[] };
before(async () => {
  if (noJava) return;
  await runInto([]);
  await runInto([]);
  afterTwo = { shown: shownTrend(), kept: keptTrend('suts/reference.json') };
  assertRejudged({ reportsDir: reports });
  await runInto(['--sut', OTHER]);
});

test('the second run of a SUT into the same reports folder shows both runs in the Trend, numbered #1 and #2', { skip: noJava }, () => {
  assert.match(outputs[1], /Trend: .*history\/simple-im-reference-0\.1\.0-reference-[0-9a-f]{8}\)/);
  assert.deepEqual(
    afterTwo.shown.map((t) => [t.buildOrder, t.data.total]),
    [
      [2, 10],
      [1, 10],
    ],
    'the newest first, each the ten test cases of RJ-02 and the Compliance matrix',
  );
  assert.deepEqual(afterTwo.kept, afterTwo.shown, 'the kept history is the one the report shows');
});

test('a run of another profile into the same folder starts its own trend and leaves the first one\'s as it was', { skip: noJava }, () => {
  assert.deepEqual(shownTrend().map((t) => t.buildOrder), [1], 'the other profile\'s report shows itself alone');
  assert.deepEqual(keptTrend(OTHER).map((t) => t.buildOrder), [1]);
  assert.deepEqual(keptTrend('suts/reference.json'), afterTwo.kept);
  assert.equal(fs.readdirSync(path.join(reports, HISTORY_DIR)).length, 2);
});

test('a reports folder with kept histories is still an evidence bundle that rejudge reproduces, and its manifest lists none of them', { skip: noJava }, () => {
  assertRejudged({ reportsDir: reports });
  const manifest = JSON.parse(fs.readFileSync(path.join(reports, 'evidence', 'manifest.json'), 'utf8')) as { files: Array<{ path: string }> };
  assert.deepEqual(manifest.files.filter((f) => f.path.startsWith(`${HISTORY_DIR}/`)), []);
});
