import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { CATALOGUE, gatesCompliance } from '../../support/requirements';
import { runConformance } from '../helpers/run-suite';

test('npm run conformance against the reference client: every implemented SHALL passes, exit 0, three reports', async () => {
  const run = await runConformance();
  assert.equal(run.exitCode, 0, run.output);
  assert.match(run.output, /COMPLIANT: every applicable SHALL requirement passed/);
  assert.match(run.output, /Partial coverage: this suite version does not judge RJ-01, RJ-03/);

  const { summary } = run;
  assert.equal(summary.suite.name, 'simple-im-conformance');
  assert.deepEqual(summary.sut, { name: 'simple-im-reference', version: summary.suite.version, adapter: 'process' });
  assert.deepEqual(summary.requirements.map((r) => r.id), CATALOGUE.map((r) => r.id));
  for (const r of summary.requirements) {
    if (r.scenarios.length === 0) {
      assert.deepEqual([r.verdict, r.reason], ['N/A', 'not implemented'], r.id);
    } else if (CATALOGUE.some((c) => c.id === r.id && gatesCompliance(c))) {
      assert.equal(r.verdict, 'PASS', `${r.id}: ${r.reason}`);
    }
  }
  const rj02 = summary.requirements.find((r) => r.id === 'RJ-02')!;
  assert.equal(rj02.scenarios.length, 5);
  assert.ok(rj02.scenarios.every((s) => s.verdict === 'PASS'), JSON.stringify(rj02.scenarios, null, 2));

  const junit = fs.readFileSync(path.join(run.reportsDir, 'junit.xml'), 'utf8');
  assert.equal((junit.match(/<testcase /g) ?? []).length, 5);
  assert.doesNotMatch(junit, /<failure/);

  const html = fs.readFileSync(path.join(run.reportsDir, 'allure-report', 'index.html'), 'utf8');
  assert.doesNotMatch(html, /googletagmanager|google-analytics|gtag\(/, 'the report must call no outside host');
  assert.doesNotMatch(html, /<script[^>]+src=["']https?:/);

  // Every scenario's result carries the raw trace, and the labels the issue names.
  const results = fs.readdirSync(path.join(run.reportsDir, 'allure-results')).filter((f) => f.endsWith('-result.json'));
  assert.equal(results.length, 5);
  for (const file of results) {
    const r = JSON.parse(fs.readFileSync(path.join(run.reportsDir, 'allure-results', file), 'utf8'));
    const label = (name: string) => r.labels.filter((l: { name: string }) => l.name === name).map((l: { value: string }) => l.value);
    assert.deepEqual(label('epic'), ['OMA SIMPLE IM']);
    assert.deepEqual(label('feature'), ['7.1.1.9 IM Client rejoins an IM Conference Session']);
    assert.deepEqual(label('story'), ["RJ-02 The Request-URI is the conference's IM Session Identity"]);
    assert.deepEqual(label('severity'), ['critical']);
    assert.ok(r.links.some((l: { name?: string }) => l.name === 'OMA-TS-SIMPLE_IM clause 7.1.1.9'));
    const trace = allAttachments(r).find((a) => a.name === 'sip-trace.txt');
    assert.ok(trace, `${r.name}: no sip-trace.txt`);
    const text = fs.readFileSync(path.join(run.reportsDir, 'allure-results', trace.source), 'utf8');
    assert.match(text, /^INVITE sip:/m);
    assert.match(text, /^SIP\/2\.0 200 OK/m);
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
