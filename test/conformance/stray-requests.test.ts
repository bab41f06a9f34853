import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { recordedMessageOf } from '../../support/evidence/recorded-evidence';
import { EVIDENCE_DIR, SCENARIOS_DIR, type ScenarioEvidence } from '../../support/evidence/scenario-evidence';
import { strayMessages } from '../../support/im-server/scenario-dialogs';
import { assertRejudged, runConformance } from '../helpers/run-suite';

/** Every scenario's findings as "requirement check verdict", from its evidence: the verdicts at their finest. */
function findingsOf(reportsDir: string): Map<string, { findings: string[]; evidence: ScenarioEvidence }> {
  const dir = path.join(reportsDir, EVIDENCE_DIR, SCENARIOS_DIR);
  return new Map(
    fs.readdirSync(dir).map((file) => {
      const evidence = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as ScenarioEvidence;
      return [evidence.id, { evidence, findings: evidence.verdict.findings.map((f) => `${f.requirement} ${f.check} ${f.verdict}`).sort() }];
    }),
  );
}

/**
 * A request of a dialog the scenario never had (an earlier scenario's client still sending to a
 * port the system handed out again) is recorded, marked stray, and judged as nothing. The
 * reference client driven by shell commands (suts/reference-command.json), once as it is and once
 * with stray BYEs, INFOs, ACKs and responses sent into every scenario from another port of its
 * address (test/data/profiles/reference-command-strays.json, test/data/clients/stray-requests.mjs):
 * a burst every 20 ms from the client's start to the scenario's end, the rejoin asked once the
 * first is out. One sender per scenario: this test runs beside timing-sensitive ones.
 * Without the marks they FAIL RB-01, RB-05, RJ-06 and RJ-07 (the BYE waited for is the stray's).
 */
test("stray requests sent into every scenario change no verdict, and each is in the trace, marked stray", async () => {
  // One after the other, not side by side: two runs at once, beside the other test files, would
  // load the machine enough to make timing checks (RB-02) of this run or of theirs unfair.
  const plain = await runConformance({ args: ['--no-html', '--sut', 'suts/reference-command.json'] });
  const strays = await runConformance({ args: ['--no-html', '--sut', 'test/data/profiles/reference-command-strays.json'] });
  assert.equal(strays.exitCode, 0, strays.output.slice(-3000));
  const expected = findingsOf(plain.reportsDir);
  const seen = findingsOf(strays.reportsDir);
  assert.deepEqual([...seen.keys()].sort(), [...expected.keys()].sort());
  for (const [id, { findings }] of expected) assert.deepEqual(seen.get(id)?.findings, findings, `${id}: its findings changed`);

  let injected = 0;
  let scenariosWithStrays = 0;
  for (const { evidence } of seen.values()) {
    const fromClient = evidence.messages.filter((m) => m.direction === 'from-client' && m.protocol === 'sip');
    const ours = fromClient.filter((m) => /^Call-ID: stray-/m.test(m.text));
    injected += ours.length;
    if (ours.length > 0) scenariosWithStrays++;
    for (const m of ours) assert.match(m.stray ?? '', /^a (BYE|INFO|ACK) of no (dialog|INVITE transaction)|^a response to no request/, `${evidence.id} #${m.seq} is marked stray`);
    for (const m of fromClient.filter((x) => !ours.includes(x))) assert.equal(m.stray, undefined, `${evidence.id} #${m.seq}, the client's own, is not stray`);
    // Every scenario the client rejoined in had strays sent into it, before its INVITE among them.
    // The marks the test bed made as it recorded are the ones the recorded trace gives again.
    const again = strayMessages(evidence.messages.map(recordedMessageOf));
    assert.deepEqual([...again.keys()].sort((a, b) => a - b), evidence.messages.filter((m) => m.stray).map((m) => m.seq), `${evidence.id}: the marks are reproducible`);
    const invite = fromClient.find((m) => m.text.startsWith('INVITE '));
    if (invite) assert.ok(ours.some((m) => m.seq < invite.seq), `${evidence.id}: a stray came before the INVITE`);
    // …and into the quiet window the robustness checks watch after the client's last ACK.
    const lastAck = fromClient.filter((m) => !m.stray && m.text.startsWith('ACK ')).at(-1);
    if (lastAck && /-RB0[135]-/.test(evidence.id)) assert.ok(ours.some((m) => m.seq > lastAck.seq), `${evidence.id}: a stray came after the last ACK`);
  }
  assert.ok(scenariosWithStrays >= 30 && injected >= scenariosWithStrays * 8, `strays in ${scenariosWithStrays} scenarios, ${injected} in all`);
  assertRejudged(strays);
});
