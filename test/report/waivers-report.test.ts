import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { writeMatrixResult } from '../../support/report/matrix-result';
import { matrixText } from '../../support/report/matrix-text';
import { buildSummary, type ScenarioOutcome, type WaivedFinding } from '../../support/report/summary';

const suite = { name: 'simple-im-conformance', version: '0.1.0' };
const sut = { name: 'client', version: '1', adapter: 'process' };
const UA = { requirement: 'RJ-01', check: 'oma-user-agent', reason: 'our release of 7.1.1.1 does not require it' };
const ACK = { requirement: 'RJ-05', check: 'ack-each-retransmission', reason: 'not this release' };
const outcomes: ScenarioOutcome[] = [
  { id: 'SIMPLE_IM-1.0-con-RJ01-09', name: 'user agent', requirement: 'RJ-01', verdict: 'PASS', reason: 'RJ-01 PASS: fine' },
  { id: 'SIMPLE_IM-1.0-con-RJ05-07', name: 'acks', requirement: 'RJ-05', verdict: 'PASS', reason: 'RJ-05 PASS: fine' },
];
const waived: WaivedFinding[] = [
  { id: 'SIMPLE_IM-1.0-con-RJ01-09', scenario: 'user agent', requirement: 'RJ-01', check: 'oma-user-agent', reason: UA.reason, finding: 'RJ-01 FAIL: the User-Agent "x/1" does not start with IM-client/OMA<release>', scenarioVerdict: 'PASS', messageSeq: 1 },
];
const summary = buildSummary(suite, sut, outcomes, new Set(), { inForce: [UA, ACK], waived });

test('summary.json lists every waiver of the profile with the FAILs it turned to PASS, per scenario', () => {
  assert.deepEqual(summary.waivers, [
    { ...UA, turned: [{ id: 'SIMPLE_IM-1.0-con-RJ01-09', scenario: 'user agent', finding: waived[0].finding, scenarioVerdict: 'PASS', messageSeq: 1 }] },
    { ...ACK, turned: [] },
  ]);
  assert.deepEqual(buildSummary(suite, sut, outcomes).waivers, [], 'no waivers: an empty list, never a missing field');
});

test('a waived finding no waiver of the profile names still gets an entry, with the reason it carried', () => {
  const s = buildSummary(suite, sut, outcomes, new Set(), { inForce: [], waived });
  assert.deepEqual(s.waivers.map((w) => [w.requirement, w.check, w.reason, w.turned.length]), [['RJ-01', 'oma-user-agent', UA.reason, 1]]);
});

test('the console matrix marks a PASS that needed a waiver and lists the waivers with what each let go', () => {
  const text = matrixText(summary);
  assert.match(text, /\n {2}RJ-01 {2}SHALL PASS {5}1 {2}PASS with a waiver of oma-user-agent \(see Waivers\)\n/);
  assert.match(text, /\n {2}RJ-05 {2}SHALL PASS {5}1 {2}\n/, 'a waiver that turned nothing does not mark the row');
  assert.match(text, /Waivers of the SUT profile \(2; a waived FAIL counts as PASS\):\n {2}RJ-01 oma-user-agent: "our release of 7\.1\.1\.1 does not require it"\n {4}turned 1 FAIL to PASS in 1 scenario:\n {6}user agent: RJ-01 FAIL: the User-Agent "x\/1"/);
  assert.match(text, /RJ-05 ack-each-retransmission: "not this release"\n {4}turned no FAIL to PASS in this run/);
  assert.doesNotMatch(matrixText(buildSummary(suite, sut, outcomes)), /Waivers/, 'no waivers, no section');
});

test('the Compliance matrix in the Allure report shows the waivers and what each turned', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'matrix-'));
  writeMatrixResult(dir, summary, [], Date.now());
  const result = fs.readdirSync(dir).find((f) => f.endsWith('-result.json'))!;
  const html = (JSON.parse(fs.readFileSync(path.join(dir, result), 'utf8')) as { descriptionHtml: string }).descriptionHtml;
  assert.match(html, /<td>RJ-01<\/td><td>SHALL<\/td><td><b>PASS<\/b><\/td><td>1<\/td><td>PASS with a waiver of oma-user-agent \(see Waivers\)<\/td>/);
  assert.match(html, /<b>Waivers of the SUT profile<\/b>.*<tr><td>RJ-01<\/td><td>oma-user-agent<\/td><td>our release of 7\.1\.1\.1 does not require it<\/td><td><ul><li>user agent: RJ-01 FAIL: the User-Agent "x\/1" does not start with IM-client\/OMA&lt;release&gt;<\/li><\/ul><\/td><\/tr>/);
  assert.match(html, /<td>ack-each-retransmission<\/td><td>not this release<\/td><td>none in this run<\/td>/);
  const attached = fs.readdirSync(dir).find((f) => f.endsWith('-summary-attachment.json'))!;
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, attached), 'utf8')).waivers, summary.waivers, 'summary.json is attached with them');
});
