import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { requirementOfTestCase } from '../../support/report/test-case-id';
import { CATALOGUE } from '../../support/requirements';
import { assertRejudged, runConformance } from '../helpers/run-suite';

test('npm run conformance against the reference client: every applicable SHALL passes, exit 0, three reports', async () => {
  const run = await runConformance();
  assert.equal(run.exitCode, 0, run.output);
  assert.match(run.output, /COMPLIANT: every applicable SHALL requirement passed/);
  assert.doesNotMatch(run.output, /Partial coverage/, 'every catalogue id has scenarios');

  const { summary } = run;
  assert.equal(summary.suite.name, 'simple-im-conformance');
  assert.deepEqual(summary.sut, { name: 'simple-im-reference', version: summary.suite.version, adapter: 'process' });
  assert.deepEqual(summary.requirements.map((r) => r.id), CATALOGUE.map((r) => r.id));
  for (const r of summary.requirements) {
    assert.ok(r.scenarios.length > 0, `${r.id} has no scenario`);
    // The reference client declares a plain SIP/IP Core: RJ-09 does not apply, and says why.
    if (r.id === 'RJ-09') assert.deepEqual([r.verdict, /IMS/.test(r.reason)], ['N/A', true], r.reason);
    else assert.equal(r.verdict, 'PASS', `${r.id}: ${r.reason}`);
  }
  const rj02 = summary.requirements.find((r) => r.id === 'RJ-02')!;
  // Five shapes of conference URI: the first over UDP and TCP on both IP versions and over TLS on IPv4, the IPv6 reference over TLS on IPv6 (features/rejoin/request-uri.feature).
  assert.equal(rj02.scenarios.length, 9);
  const scenarioCount = summary.requirements.reduce((n, r) => n + r.scenarios.length, 0);

  // Every scenario has its stable test case id, one of its own, in summary.json, junit.xml and Allure.
  const ids = summary.requirements.flatMap((r) => r.scenarios.map((s) => s.id));
  assert.equal(new Set(ids).size, scenarioCount, 'each scenario its own id');
  for (const r of summary.requirements) for (const s of r.scenarios) assert.equal(requirementOfTestCase(s.id), r.id, `${s.id}: ${s.name}`);
  // The evidence bundle: one file per scenario, judged again from it with no client, the same verdicts.
  assert.deepEqual(fs.readdirSync(path.join(run.reportsDir, 'evidence', 'scenarios')).sort(), ids.map((id) => `${id}.json`).sort());
  assertRejudged(run);
  const junit = fs.readFileSync(path.join(run.reportsDir, 'junit.xml'), 'utf8');
  assert.equal((junit.match(/<testcase /g) ?? []).length, scenarioCount);
  assert.deepEqual([...junit.matchAll(/<testcase [^>]*name="(SIMPLE_IM-1\.0-con-R[JB]\d{2}-\d{2}) /g)].map((m) => m[1]).sort(), [...ids].sort());
  assert.doesNotMatch(junit, /<failure/);

  // The conformance test report (PCTR): COMPLIANT, and one row per test case of summary.json.
  const pctrMd = fs.readFileSync(path.join(run.reportsDir, 'pctr.md'), 'utf8');
  const pctrHtml = fs.readFileSync(path.join(run.reportsDir, 'pctr.html'), 'utf8');
  assert.match(pctrMd, /^\*\*COMPLIANT\*\*: simple-im-reference \S+: every applicable SHALL requirement \(and COND one\) passed\.$/m);
  assert.match(pctrHtml, /<div class="statement"><b>COMPLIANT<\/b>/);
  assert.deepEqual([...pctrMd.matchAll(/^\| (SIMPLE_IM-1\.0-con-R[JB]\d{2}-\d{2}) \|/gm)].map((m) => m[1]).sort(), [...ids].sort());
  assert.deepEqual([...pctrHtml.matchAll(/<tr><td class="mono">(SIMPLE_IM-1\.0-con-R[JB]\d{2}-\d{2})<\/td>/g)].map((m) => m[1]).sort(), [...ids].sort());

  const html = fs.readFileSync(path.join(run.reportsDir, 'allure-report', 'index.html'), 'utf8');
  assert.doesNotMatch(html, /googletagmanager|google-analytics|gtag\(/, 'the report must call no outside host');
  assert.doesNotMatch(html, /<script[^>]+src=["']https?:/);

  // Every scenario's result carries the raw trace, and the labels the issue names.
  const all = fs.readdirSync(path.join(run.reportsDir, 'allure-results')).filter((f) => f.endsWith('-result.json'));
  const read = (file: string) => JSON.parse(fs.readFileSync(path.join(run.reportsDir, 'allure-results', file), 'utf8'));
  // One result per scenario, plus the compliance matrix.
  const matrix = all.filter((f) => read(f).historyId === 'compliance-matrix');
  assert.equal(matrix.length, 1);
  assert.equal(read(matrix[0]).status, 'passed');
  assert.match(read(matrix[0]).descriptionHtml, /COMPLIANT[\s\S]*<td>RJ-02<\/td><td>SHALL<\/td><td><b>PASS<\/b><\/td><td>9<\/td>/);
  const results = all.filter((f) => f !== matrix[0]);
  assert.equal(results.length, scenarioCount);
  const severityOf = { SHALL: 'critical', COND: 'critical', MAY: 'minor', RB: 'normal' } as const;
  for (const file of results) {
    const r = JSON.parse(fs.readFileSync(path.join(run.reportsDir, 'allure-results', file), 'utf8'));
    const label = (name: string) => r.labels.filter((l: { name: string }) => l.name === name).map((l: { value: string }) => l.value);
    assert.ok(ids.includes(r.testCaseId), `${r.name}: testCaseId ${r.testCaseId} is not a test case id of the run`);
    assert.ok(r.name.startsWith(`${r.testCaseId} `), `${r.name}: the title starts with its id`);
    assert.equal(r.historyId, r.testCaseId);
    assert.deepEqual(label('epic'), ['OMA SIMPLE IM']);
    assert.deepEqual(label('feature'), ['7.1.1.9 IM Client rejoins an IM Conference Session']);
    const [story] = label('story');
    const req = CATALOGUE.find((c) => story === `${c.id} ${c.title}`);
    assert.ok(req, `${r.name}: story "${story}" is not "<id> <title>" of the catalogue`);
    assert.deepEqual(label('severity'), [severityOf[req.strength]], r.name);
    // The link names the clause the requirement comes from (RJ-08: 7.1.1.12).
    assert.ok(r.links.some((l: { name?: string }) => l.name === `OMA-TS-SIMPLE_IM clause ${req.clause}`), `${r.name}: no link to clause ${req.clause}`);
    const trace = allAttachments(r).find((a) => a.name === 'sip-trace.txt');
    assert.ok(trace, `${r.name}: no sip-trace.txt`);
    const text = fs.readFileSync(path.join(run.reportsDir, 'allure-results', trace.source), 'utf8');
    if (r.status === 'passed') assert.match(text, /^INVITE sip:/m, r.name);
  }
});

interface AllureAttachment {
  name: string;
  source: string;
}
interface AllureNode {
  attachments?: AllureAttachment[];
  steps?: AllureNode[];
}

/** allure-cucumberjs puts a hook's attachments inside a step of the result, so walk them all. */
function allAttachments(node: AllureNode): AllureAttachment[] {
  return [...(node.attachments ?? []), ...(node.steps ?? []).flatMap(allAttachments)];
}
