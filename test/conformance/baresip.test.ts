import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { Finding } from '../../support/verdict';
import { OMA_IM_CHECKS, RFC3261_CHECKS } from '../../support/checks/initial-request';
import { PROJECT_ROOT } from '../../support/project';
import { CATALOGUE } from '../../support/requirements';
import type { VerdictRecord } from '../../support/report/verdict-record';
import { runConformance, type SuiteRun } from '../helpers/run-suite';
import { attachmentsOf, type AllureNode } from '../helpers/allure-results';

// The suite against a SIP client this project did not write: Debian's baresip 1.0
// (baresip-core), driven through the command adapter by suts/examples/baresip.json. Each
// verdict below is what baresip's own wire behaviour earns; docs/adapters.md explains the profile.

const PROFILE = path.join('suts', 'examples', 'baresip.json');

function onPath(program: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir || '.', program);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

interface ScenarioRecord {
  name: string;
  status: string;
  record: VerdictRecord;
  log: string;
}

/** Every scenario's verdict.json (all its findings) and client-upper-tester.log, from allure-results. */
function scenarioRecords(reportsDir: string): ScenarioRecord[] {
  const dir = path.join(reportsDir, 'allure-results');
  const read = (source: string) => fs.readFileSync(path.join(dir, source), 'utf8');
  const out: ScenarioRecord[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('-result.json'))) {
    const result = JSON.parse(read(file)) as AllureNode & { name: string; status: string };
    const attachments = attachmentsOf(result);
    const verdict = attachments.find((a) => a.name === 'verdict.json');
    if (!verdict) continue; // the compliance matrix
    const log = attachments.find((a) => a.name === 'client-upper-tester.log');
    out.push({ name: result.name, status: result.status, record: JSON.parse(read(verdict.source)) as VerdictRecord, log: log ? read(log.source) : '' });
  }
  return out;
}

/** Processes whose command line, working directory or open files still name one of `dirs`. */
function processesUsing(dirs: string[]): string[] {
  const found: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    const names: string[] = [];
    try {
      names.push(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '));
      names.push(fs.readlinkSync(`/proc/${pid}/cwd`));
      for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) names.push(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
    } catch {
      // gone meanwhile, or not ours to read
    }
    if (names.some((n) => dirs.some((d) => n.includes(d)))) found.push(`${pid}: ${names[0]}`);
  }
  return found;
}

test('docs/adapters.md shows the baresip profile exactly as suts/examples/baresip.json has it', () => {
  const doc = fs.readFileSync(path.join(PROJECT_ROOT, 'docs', 'adapters.md'), 'utf8');
  const section = /^## baresip through the command adapter\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(doc)?.[1];
  assert.ok(section, 'docs/adapters.md has a section "baresip through the command adapter"');
  const block = /```json\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(block, 'the section shows the profile as a json block');
  assert.deepEqual(JSON.parse(block), JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, PROFILE), 'utf8')));
});

test('the suite against Debian baresip 1.0 through the command adapter: each verdict as its wire behaviour earns it', async (t) => {
  if (!onPath('baresip')) {
    t.skip('baresip is not installed: apt-get install baresip-core (Debian) puts it on PATH');
    return;
  }
  const started = Date.now();
  const run: SuiteRun = await runConformance({ args: ['--no-html', '--sut', PROFILE] });
  t.diagnostic(`the run took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const records = scenarioRecords(run.reportsDir);
  const requirement = (id: string) => run.summary.requirements.find((r) => r.id === id)!;
  /** Every finding of `id`'s scenarios; each scenario of it must have judged. */
  const findingsOf = (id: string): Finding[] => {
    const own = records.filter((s) => s.record.verdicts.some((v) => v.requirement === id));
    assert.equal(own.length, requirement(id).scenarios.length, `${id}: one verdict.json per scenario`);
    return own.flatMap((s) => s.record.findings.filter((f) => f.requirement === id && f.check !== 'applicability'));
  };
  /** A TLS or IPv6 row, N/A because the profile declares UDP and TCP on IPv4 only. */
  const undeclaredRow = (s: { verdict: string; reason: string }): boolean => s.verdict === 'N/A' && /the client does not declare (TLS \(ics\.transports\)|IPv6 \(ics\.ipVersions\))/.test(s.reason);
  const judged = (id: string) => requirement(id).scenarios.filter((s) => !undeclaredRow(s));
  const verdictsOf = (findings: Finding[], check: string): string[] => findings.filter((f) => f.check === check).map((f) => f.verdict);
  /** `id` has the verdict, and each of its scenarios too (for a PASS: every finding passes). */
  const expectAll = (id: string, verdict: string, reason?: RegExp): void => {
    const r = requirement(id);
    assert.equal(r.verdict, verdict, `${id}: ${r.reason}`);
    for (const s of judged(id)) assert.equal(s.verdict, verdict, `${id} "${s.name}": ${s.reason}`);
    if (reason) assert.match(r.reason, reason);
    if (verdict === 'PASS') for (const f of findingsOf(id)) assert.equal(f.verdict, 'PASS', `${id} ${f.check}: ${f.summary}`);
  };

  await t.test('the run: baresip 1.0.0 through the command adapter, not compliant (exit 1), one entry per requirement', () => {
    assert.equal(run.exitCode, 1, run.output);
    assert.match(run.output, /NOT COMPLIANT/);
    assert.deepEqual(run.summary.sut, { name: 'baresip', version: '1.0.0', adapter: 'command' });
    assert.deepEqual(
      run.summary.requirements.map((r) => r.id),
      CATALOGUE.map((r) => r.id),
    );
    // The profile declares UDP and TCP on IPv4: only what it does not declare is N/A (RJ-08,
    // RJ-09, RB-06, and the TLS and IPv6 rows, which say so).
    const notApplicable = run.summary.requirements.filter((r) => r.scenarios.some((s) => s.verdict === 'N/A' && !undeclaredRow(s))).map((r) => r.id);
    assert.deepEqual(notApplicable, ['RJ-08', 'RJ-09', 'RB-06']);
    const rows = run.summary.requirements.flatMap((r) => r.scenarios.filter(undeclaredRow));
    assert.ok(rows.length > 0 && rows.every((s) => / over (TLS|UDP|TCP) on IPv[46]/.test(s.name)), 'the undeclared rows are the TLS and IPv6 ones');
    // The client the verdicts are about is baresip itself: its own log is the evidence.
    assert.ok(records.some((s) => /baresip is ready/.test(s.log)));
  });

  await t.test('nothing baresip started outlives its scenario', () => {
    // The profile's start prints its config dir, $IM_WORK_DIR/baresip: no process may still use it.
    const dirs = records.flatMap((s) => /baresip: config in (\S+)/.exec(s.log)?.[1] ?? []).map((d) => path.dirname(d));
    assert.equal(dirs.length, records.filter((s) => /\$ \[start\]/.test(s.log)).length, 'every started scenario names its config dir');
    assert.deepEqual(processesUsing(dirs), []);
  });

  await t.test('RJ-01 FAIL on the OMA 7.1.1.1 sub-checks only; every RFC 3261 8.1.1 sub-check passes over UDP and TCP', () => {
    const r = requirement('RJ-01');
    assert.equal(r.verdict, 'FAIL', r.reason);
    const findings = findingsOf('RJ-01');
    const oma = ['oma-im-feature-tag', 'oma-accept-contact', 'oma-user-agent'];
    assert.deepEqual(Object.keys(OMA_IM_CHECKS).sort(), [...oma].sort(), 'a new OMA sub-check needs its baresip verdict here');
    for (const check of oma) assert.deepEqual(verdictsOf(findings, check), ['FAIL'], check);
    assert.match(findings.find((f) => f.check === 'oma-user-agent')!.summary, /baresip v1\.0\.0/);
    // The catalogue's list: an RFC 3261 sub-check added to the suite is asserted here too.
    for (const check of RFC3261_CHECKS) assert.deepEqual(verdictsOf(findings, check), ['PASS', 'PASS'], `${check} over UDP and TCP`);
    for (const f of findings.filter((f) => !oma.includes(f.check))) assert.equal(f.verdict, 'PASS', `${f.check}: ${f.summary}`);
    // The two scenarios of the initial-request rule pass; the three OMA ones fail.
    assert.deepEqual(judged('RJ-01').map((s) => s.verdict).sort(), ['FAIL', 'FAIL', 'FAIL', 'PASS', 'PASS']);
  });

  await t.test('RJ-02 PASS: the Request-URI is the conference, escapes, port and parameters included', () => {
    expectAll('RJ-02', 'PASS');
    assert.deepEqual(verdictsOf(findingsOf('RJ-02'), 'request-uri'), ['PASS', 'PASS', 'PASS', 'PASS', 'PASS']);
  });

  await t.test('RJ-03 FAIL: baresip offers audio (m=audio ... RTP/AVP 0 8 101), no MSRP; the SDP itself is well-formed', () => {
    expectAll('RJ-03', 'FAIL', /no MSRP session: the media offered is "m=audio \d+ RTP\/AVP 0 8 101"/);
    const findings = findingsOf('RJ-03');
    for (const check of ['sdp-content-type', 'sdp-session-lines', 'sdp-timing']) assert.deepEqual(verdictsOf(findings, check), ['PASS', 'PASS'], check);
    assert.deepEqual(verdictsOf(findings, 'msrp-media'), ['FAIL', 'FAIL']);
    for (const f of findings.filter((f) => f.verdict !== 'PASS')) assert.match(f.check, /^msrp-/, `${f.check}: ${f.summary}`);
  });

  await t.test('RJ-04 PASS: through the outbound proxy with a pre-loaded Route, also when the IM Server is reachable', () => {
    expectAll('RJ-04', 'PASS');
    const findings = findingsOf('RJ-04');
    for (const check of ['via-sip-ip-core', 'preloaded-route', 'request-uri-kept']) assert.equal(verdictsOf(findings, check).length, 4, check);
  });

  await t.test('RJ-05 PASS: the 200 OK and its retransmission are ACKed to the Contact, through the Record-Route route set', () => {
    expectAll('RJ-05', 'PASS');
    const findings = findingsOf('RJ-05');
    for (const check of ['ack-sent', 'ack-request-uri', 'ack-route-set', 'ack-each-retransmission']) assert.deepEqual(verdictsOf(findings, check), ['PASS', 'PASS', 'PASS'], check);
  });

  await t.test('RJ-06 PASS, judged from the BYE baresip really sends: a method of the Allow', () => {
    expectAll('RJ-06', 'PASS');
    for (const f of findingsOf('RJ-06')) assert.match(f.summary, /\bBYE\b/, f.summary);
  });

  await t.test('RJ-07 PASS, judged from the ACK and BYE baresip really sends: to the Contact, through the route set', () => {
    expectAll('RJ-07', 'PASS');
    const findings = findingsOf('RJ-07');
    assert.deepEqual(verdictsOf(findings, 'later-requests-target-contact'), ['PASS', 'PASS']);
    assert.deepEqual(verdictsOf(findings, 'later-requests-route-set'), ['PASS', 'PASS']);
    for (const f of findings.filter((f) => f.check === 'later-requests-target-contact')) assert.match(f.summary, /\(ACK, BYE\)/);
  });

  await t.test('RJ-08 and RB-06 N/A: no conference state subscription declared; RJ-09 N/A: no IMS core', () => {
    expectAll('RJ-08', 'N/A', /conferenceSubscription/);
    expectAll('RB-06', 'N/A', /conferenceSubscription/);
    expectAll('RJ-09', 'N/A', /IMS/);
  });

  await t.test('RB-01 PASS: each error answer is ACKed in the INVITE transaction and nothing more is sent', () => {
    expectAll('RB-01', 'PASS');
    const findings = findingsOf('RB-01');
    assert.equal(verdictsOf(findings, 'non2xx-ack').length, 6);
    assert.equal(verdictsOf(findings, 'no-further-requests').length, 6);
  });

  await t.test('RB-02 PASS: Timer A retransmissions, and the session is set up on the copy of a lost INVITE', () => {
    expectAll('RB-02', 'PASS');
    const findings = findingsOf('RB-02');
    for (const check of ['invite-retransmitted', 'timer-a-doubling', 'lost-invite-retransmitted', 'session-set-up-after-loss']) assert.deepEqual(verdictsOf(findings, check), ['PASS'], check);
  });

  await t.test('RB-03 PASS: the 302 is ACKed and followed at most once', () => {
    expectAll('RB-03', 'PASS');
    const findings = findingsOf('RB-03');
    assert.deepEqual(verdictsOf(findings, 'redirect-ack'), ['PASS']);
    // baresip follows the redirect ~10-30 ms after its ACK; whether the check has seen that
    // INVITE yet ("followed it" or "did not follow it") depends on timing: either way, no loop.
    assert.deepEqual(verdictsOf(findings, 'no-redirect-loop'), ['PASS']);
  });

  await t.test('RB-04 PASS: every copy of the 200 OK is ACKed; RB-05 PASS: an odd 200 OK still sets the session up', () => {
    expectAll('RB-04', 'PASS');
    expectAll('RB-05', 'PASS');
    assert.deepEqual(verdictsOf(findingsOf('RB-05'), 'session-established'), ['PASS', 'PASS']);
  });
});
