import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EPIC, FEATURE } from './allure-metadata';
import { rowReason } from './matrix-text';
import type { Summary } from './summary';

/**
 * The compliance matrix as a result of its own in the Allure report (Allure 2 has no custom
 * pages): one row per requirement with its strength, verdict, scenarios and first reason, then
 * the SUT profile's waivers and the FAILs each turned to PASS, shown as the test's description,
 * with summary.json attached. It passes when the gate passes.
 */
export function writeMatrixResult(resultsDir: string, summary: Summary, gateFailures: string[], started: number): void {
  const uuid = randomUUID();
  const summaryFile = `${uuid}-summary-attachment.json`;
  fs.writeFileSync(path.join(resultsDir, summaryFile), JSON.stringify(summary, null, 2));
  const rows = summary.requirements
    .map(
      (r) =>
        `<tr><td>${esc(r.id)}</td><td>${esc(r.strength)}</td><td><b>${esc(r.verdict)}</b></td><td>${r.scenarios.length}</td><td>${esc(rowReason(summary, r))}</td></tr>`,
    )
    .join('');
  const waivers = summary.waivers ?? [];
  const waiverRows = waivers
    .map((w) => {
      const turned = w.turned.length === 0 ? 'none in this run' : `<ul>${w.turned.map((t) => `<li>${esc(t.scenario)}: ${esc(t.finding.split('\n')[0])}</li>`).join('')}</ul>`;
      return `<tr><td>${esc(w.requirement)}</td><td>${esc(w.check)}</td><td>${esc(w.reason)}</td><td>${turned}</td></tr>`;
    })
    .join('');
  const waiverTable =
    waivers.length === 0
      ? '<p>Waivers of the SUT profile: none.</p>'
      : `<p><b>Waivers of the SUT profile</b> (a waived FAIL counts as PASS):</p><table><tr><th>id</th><th>sub-check</th><th>reason</th><th>FAILs turned to PASS</th></tr>${waiverRows}</table>`;
  const html =
    `<p>${esc(summary.sut.name)} ${esc(summary.sut.version)} (${esc(summary.sut.adapter)}), ${esc(summary.suite.name)} ${esc(summary.suite.version)}: ` +
    `<b>${gateFailures.length === 0 ? 'COMPLIANT' : 'NOT COMPLIANT'}</b></p>` +
    `<table><tr><th>id</th><th>kind</th><th>verdict</th><th>scenarios</th><th>first reason</th></tr>${rows}</table>` +
    waiverTable;
  const result = {
    uuid,
    historyId: 'compliance-matrix',
    name: `Compliance matrix: ${summary.sut.name} ${summary.sut.version}`,
    fullName: 'compliance-matrix',
    status: gateFailures.length === 0 ? 'passed' : 'failed',
    statusDetails: gateFailures.length === 0 ? {} : { message: `SHALL requirement(s) not passed:\n${gateFailures.join('\n')}` },
    stage: 'finished',
    descriptionHtml: html,
    labels: [
      { name: 'epic', value: EPIC },
      { name: 'feature', value: FEATURE },
      { name: 'story', value: 'Compliance matrix' },
      { name: 'severity', value: 'blocker' },
    ],
    links: [],
    parameters: [],
    steps: [],
    attachments: [{ name: 'summary.json', source: summaryFile, type: 'application/json' }],
    start: started,
    stop: Date.now(),
  };
  fs.writeFileSync(path.join(resultsDir, `${uuid}-result.json`), JSON.stringify(result));
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
