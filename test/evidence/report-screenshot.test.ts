import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { chromium } from 'playwright-core';
import { javaAvailable } from '../../support/report/allure-html';
import { testCasesOf } from '../helpers/allure-report';
import { runConformance } from '../helpers/run-suite';

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

test('a failing scenario\'s report page shows its ladder in headless Chromium', { skip: missing, timeout: 120_000 }, async () => {
  const run = await runConformance({ faults: ['wrong-request-uri'], args: ['--tags', '@req:RJ-02'] });
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
