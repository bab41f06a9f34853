import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { chromium } from 'playwright-core';
import { javaAvailable } from '../../support/report/allure-html';
import { testCasesOf } from '../helpers/allure-report';
import { runConformance, type SuiteRun } from '../helpers/run-suite';

/**
 * The ladder must be readable where a reviewer looks: in the Allure report, in a real browser.
 * The suite runs with a fault that fails RJ-02, Debian's headless Chromium opens the report from
 * disk at the failing scenario, a reviewer's two clicks open the judging step and its ladder,
 * and the screenshot must show the diagram with the failed INVITE drawn red.
 */
/** How Allure's page shows an opened image attachment. */
const LADDER_IMG = 'img.attachment-preview__media';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const missing = !fs.existsSync(CHROMIUM)
  ? `no Chromium at ${CHROMIUM} (Debian package chromium, or set CHROMIUM_PATH)`
  : !javaAvailable()
    ? 'no Java: the HTML report cannot be built (allure-commandline needs Java 8+)'
    : false;

/**
 * One small run, with its report, per verdict, made when a test first needs it and shared by the
 * tests below: the Java report generation costs seconds. The failing run turns RJ-02 FAIL.
 */
const RUNS = { passing: { args: ['--tags', '@req:RJ-02'] }, failing: { faults: ['wrong-request-uri'], args: ['--tags', '@req:RJ-02'] } };
const runs = new Map<keyof typeof RUNS, Promise<SuiteRun>>();
function runOf(kind: keyof typeof RUNS): Promise<SuiteRun> {
  if (!runs.has(kind)) runs.set(kind, runConformance(RUNS[kind]));
  return runs.get(kind)!;
}

test('a failing scenario\'s report page shows its ladder in headless Chromium', { skip: missing, timeout: 120_000 }, async () => {
  const run = await runOf('failing');
  const report = path.join(run.reportsDir, 'allure-report', 'index.html');
  assert.ok(fs.existsSync(report), `no HTML report:\n${run.output}`);
  const failing = testCasesOf(report).find((t) => t.status === 'failed' && /^SIMPLE_IM-1\.0-con-\S+ Ensure/.test(t.name));
  assert.ok(failing, 'the report has no failing scenario');
  const judging = failing.testStage.steps?.find((s) => s.status === 'failed');
  assert.ok(judging?.steps?.some((s) => s.name === 'ladder.svg'), `the failing step "${judging?.name}" carries no ladder.svg`);

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    // The report must work offline: any request off the file it was opened from fails the test.
    const offHost: string[] = [];
    page.on('request', (r) => {
      if (!/^(file|blob|data):/.test(r.url())) offHost.push(r.url());
    });
    await page.goto(`file://${report}#testresult/${failing.uid}`);
    await page.getByText(judging!.name, { exact: true }).click();
    await page.getByText('ladder.svg', { exact: true }).first().click();
    const ladder = page.locator(LADDER_IMG).first();
    await ladder.waitFor({ state: 'visible', timeout: 10_000 });

    const size = (await page.evaluate(`(() => { const img = document.querySelector('${LADDER_IMG}'); return { w: img.naturalWidth, h: img.naturalHeight }; })()`)) as { w: number; h: number };
    assert.ok(size.w > 300 && size.h > 80, `the ladder did not render: ${size.w}×${size.h}`);
    const shot = path.join(run.reportsDir, 'failing-scenario-ladder.png');
    await page.screenshot({ path: shot });
    const pixels = await pixelsOf(page, await ladder.screenshot());
    // Red is the failed INVITE and its finding; near-black is every other arrow and label.
    assert.ok(pixels.red > 200, `no red (failed) message in the ladder's screenshot (${pixels.red} red pixels): ${shot}`);
    assert.ok(pixels.dark > 200, `no black arrows or labels in the ladder's screenshot (${pixels.dark} dark pixels): ${shot}`);
    assert.deepEqual(offHost, [], 'the report called an outside host');
  } finally {
    await browser.close();
  }
});

/**
 * A lab opens index.html and must read the verdict there, with no click: the Overview page's
 * title says COMPLIANT or NOT COMPLIANT with the failing requirements and the SUT, and the
 * Environment widget's rows, above the fold, the statement, the SUT and the matrix
 * (support/report/allure-overview.ts; docs/INTERPRETING.md "The first screen").
 */
for (const [kind, expected] of [
  ['passing', { title: /^COMPLIANT \(partial\) — /, verdict: /^COMPLIANT \(partial run: /, row: 'RJ-02 SHALL PASS' }],
  ['failing', { title: /^NOT COMPLIANT: RJ-02 — /, verdict: /^NOT COMPLIANT: RJ-02 SHALL FAIL$/, row: 'RJ-02 SHALL FAIL' }],
] as const) {
  test(`the Overview page of a ${kind} run says its verdict, the SUT and the matrix as it opens, in headless Chromium`, { skip: missing, timeout: 120_000 }, async () => {
    const run = await runOf(kind);
    const report = path.join(run.reportsDir, 'allure-report', 'index.html');
    assert.ok(fs.existsSync(report), `no HTML report:\n${run.output}`);
    const sut = `${run.summary.sut.name} ${run.summary.sut.version}`;
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await page.goto(`file://${report}`);
      const rowsAt = page.locator('[data-id="environment"] .table__row[disabled]');
      await rowsAt.first().waitFor({ state: 'visible', timeout: 10_000 });
      const shot = path.join(run.reportsDir, `overview-${kind}.png`);
      await page.screenshot({ path: shot });
      // The title's first line; the second is the run's time span.
      const title = (await page.locator('[data-id="summary"] h2.widget__title').innerText()).split('\n')[0];
      assert.match(title, expected.title, `the Overview's title: ${shot}`);
      assert.ok(title.includes(`— ${sut}`), `the title "${title}" does not name the SUT ${sut}`);
      if (kind === 'passing') assert.doesNotMatch(title, /NOT COMPLIANT/);

      // The rows as the page lays them out, without "Show all": name, value, and whether the row is on screen.
      const rows: Array<{ name: string; value: string; onScreen: boolean }> = [];
      for (const r of await rowsAt.all()) {
        const box = await r.boundingBox();
        const [name, value] = await r.locator('.table__col').allInnerTexts();
        rows.push({ name, value, onScreen: !!box && box.y >= 0 && box.y + box.height <= 1000 });
      }
      const row = (name: string) => {
        const found = rows.find((r) => r.name.startsWith(name));
        assert.ok(found, `no "${name}" row on the Overview: ${rows.map((r) => r.name).join(', ')}`);
        assert.ok(found.onScreen, `the "${name}" row is below the fold: ${shot}`);
        return found.value;
      };
      assert.match(row('Verdict'), expected.verdict);
      assert.equal(row('SUT'), sut);
      assert.ok(row('Gating').split(', ').includes(expected.row), `the matrix row does not say ${expected.row}: ${row('Gating')}`);
      assert.match(row('Reported'), /^RJ-08 MAY N\/A, RB-01 RB N\/A/);
    } finally {
      await browser.close();
    }
  });
}

/**
 * Counts the red and the near-black pixels of a PNG, decoded by the browser itself (the
 * project's type-check has no DOM library, so the page-side code is a string).
 */
async function pixelsOf(page: import('playwright-core').Page, png: Buffer): Promise<{ red: number; dark: number }> {
  return page.evaluate(`(async () => {
    const img = new Image();
    img.src = 'data:image/png;base64,${png.toString('base64')}';
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width;
    canvas.height = img.height;
    const g = canvas.getContext('2d');
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, img.width, img.height).data;
    let red = 0, dark = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i] > 170 && d[i + 1] < 70 && d[i + 2] < 70) red++;
      else if (d[i] < 80 && d[i + 1] < 80 && d[i + 2] < 80) dark++;
    }
    return { red, dark };
  })()`);
}
