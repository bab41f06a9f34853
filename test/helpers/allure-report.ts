import * as fs from 'node:fs';

/** A test case as Allure's report stores it, reduced to what the tests look at. */
export interface ReportTestCase {
  uid: string;
  name: string;
  status: string;
  testStage: ReportStep;
}

export interface ReportStep {
  name: string;
  status?: string;
  steps?: ReportStep[];
  attachments?: Array<{ uid: string; name: string; type: string }>;
}

/**
 * The test cases embedded in a `--single-file` Allure report: it carries each data file as
 * `d('data/test-cases/<uid>.json','<base64>')`, which is what the report's own page reads.
 */
export function testCasesOf(reportHtml: string): ReportTestCase[] {
  const html = fs.readFileSync(reportHtml, 'utf8');
  return [...html.matchAll(/d\('data\/test-cases\/([0-9a-f]+)\.json','([^']*)'\)/g)].map((m) => ({
    ...(JSON.parse(Buffer.from(m[2], 'base64').toString('utf8')) as ReportTestCase),
    uid: m[1],
  }));
}
