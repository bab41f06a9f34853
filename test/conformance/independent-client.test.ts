import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { CASES, PROFILES, type Profile } from '../independent-client/fault-cases';
import { buildOffer } from '../independent-client/sdp';
import { failedChecks } from '../helpers/failed-checks';
import { assertRejudged, describeVerdicts, runConformanceMany, verdictsById, type SuiteRun } from '../helpers/run-suite';

/**
 * The suite judged by a client it was not written with: test/independent-client/, a UAC on raw
 * sockets with its own SIP parsing and building (nothing from client/ or support/). Run once
 * clean per profile, and once per fault switch (INDEP_FAULTS); each fault must change the
 * verdict of exactly the requirements listed, through exactly the sub-checks listed, and
 * `audio-and-msrp-offer`, correct SIP and SDP, must change nothing. The table of faults is
 * test/independent-client/fault-cases.ts.
 */
const clean = new Map<Profile, SuiteRun>();
const runs = new Map<string, SuiteRun>();

const suite = (profile: Profile, faults: string[]) => ({ args: ['--no-html', '--sut', PROFILES[profile]], env: { INDEP_FAULTS: faults.join(',') } });

// One clean run per profile and one per case, side by side in long-lived runner processes
// (runConformanceMany, as the fault-switch test does).
before(async () => {
  const profiles = [...new Set(Object.values(CASES).map((c) => c.profile))];
  const cases = Object.entries(CASES);
  const done = await runConformanceMany([...profiles.map((p) => suite(p, [])), ...cases.map(([, c]) => suite(c.profile, [c.fault]))]);
  profiles.forEach((p, i) => clean.set(p, done[i]));
  cases.forEach(([name], i) => runs.set(name, done[profiles.length + i]));
});

test('the offer holds non-ASCII text, and the fault content-length-chars cuts only the harmless last line', () => {
  const offer = buildOffer({ host: '127.0.0.4', sessionId: '1', msrpPort: 40000, msrpSession: 'abc', audioPort: 40002, media: 'msrp' });
  const bytes = Buffer.from(offer, 'utf8');
  const short = bytes.length - offer.length;
  assert.ok(short >= 1 && short <= 3, `the UTF-16 count is ${short} bytes short; 1 to 3 was meant`);
  const cut = bytes.subarray(0, offer.length).toString('utf8');
  assert.ok(cut.endsWith('a=x-note:o'), `what the declared length keeps ends ${JSON.stringify(cut.slice(-20))}`);
  assert.match(cut, /\r\nm=message 40000 TCP\/MSRP \*\r\na=accept-types:[^\r]+\r\na=path:msrp:\/\/127\.0\.0\.4:40000\/abc;tcp\r\na=setup:active\r\n/);
  // Over TCP what is left on the stream must not be only CRLFs, which a receiver skips as a keep-alive.
  assert.doesNotMatch(bytes.subarray(offer.length).toString('latin1'), /^[\r\n]*$/);
});

for (const profile of Object.keys(PROFILES) as Profile[]) {
  test(`the clean run (${PROFILES[profile]}) passes every requirement that applies to the independent client`, (t) => {
    const run = clean.get(profile);
    if (!run) return t.skip('no case uses this profile');
    const v = verdictsById(run.summary);
    for (const id of ['RJ-01', 'RJ-02', 'RJ-03', 'RJ-04', 'RJ-05', 'RJ-06', 'RJ-07']) assert.equal(v[id], 'PASS', `${id}:\n${describeVerdicts(run.summary)}`);
    // No conference subscription is declared, nor an IMS core.
    for (const id of ['RJ-08', 'RJ-09', 'RB-06']) assert.equal(v[id], 'N/A', `${id}:\n${describeVerdicts(run.summary)}`);
    // The robustness cases run over the first transport the client declares, RB-02 (Timer A) over UDP only: a sound client passes them.
    for (const id of ['RB-01', 'RB-03', 'RB-05']) assert.equal(v[id], 'PASS', `${id}:\n${describeVerdicts(run.summary)}`);
    assert.equal(v['RB-02'], profile === 'tcp' ? 'N/A' : 'PASS', `RB-02:\n${describeVerdicts(run.summary)}`);
    // RB-04 judges the 2xx copies over TCP.
    assert.equal(v['RB-04'], profile === 'udp' ? 'N/A' : 'PASS', `RB-04:\n${describeVerdicts(run.summary)}`);
    assert.equal(run.exitCode, 0, run.output.slice(-3000));
    assert.deepEqual([...failedChecks(run).keys()], [], 'a clean run has no failed sub-check');
  });
}

for (const [name, c] of Object.entries(CASES)) {
  const what = c.changed.length === 0 ? 'changes no verdict' : `changes exactly ${c.changed.join(' and ')} (${Object.entries(c.failing).map(([id, checks]) => `${id}: ${checks.join(', ')}`).join('; ')})`;
  test(`fault "${name}" ${what}`, () => {
    const run = runs.get(name)!;
    const before = verdictsById(clean.get(c.profile)!.summary);
    const after = verdictsById(run.summary);
    const changed = Object.keys(after).filter((id) => after[id] !== before[id]);
    const failed = failedChecks(run);
    const detail = `\nverdicts with the fault:\n${describeVerdicts(run.summary)}\nfailed sub-checks:\n${[...failed].map(([id, checks]) => `  ${id}: ${[...checks.keys()].join(', ')}`).join('\n') || '  none'}`;
    assert.deepEqual(changed.sort(), [...c.changed].sort(), `the requirements whose verdict changed${detail}`);
    for (const id of c.changed) assert.equal(after[id], 'FAIL', `${id}${detail}`);
    for (const [id, checks] of Object.entries(c.failing)) {
      const seen = [...(failed.get(id)?.keys() ?? [])].sort();
      assert.deepEqual(seen, [...checks].sort(), `${id}: the sub-checks that FAIL${detail}`);
    }
    // RJ-01 to RJ-07 are SHALLs (RJ-08 a MAY, RJ-09 N/A here, RB-* never gate).
    const gates = c.changed.some((id) => /^RJ-0[1-7]$/.test(id));
    assert.equal(run.exitCode, gates ? 1 : 0, `the exit code${detail}`);
    // Malformed SIP, broken framing, silence: judged again from the evidence, the same verdicts.
    assertRejudged(run);
  });
}
