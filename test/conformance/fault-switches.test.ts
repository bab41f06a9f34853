import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { FAULT_SWITCHES } from '../../client/faults';
import { runConformance, verdictsById, type SuiteRun } from '../helpers/run-suite';

/**
 * Every check must be able to fail. Each fault switch of the reference client breaks one
 * requirement; the suite run with that switch on must FAIL exactly that requirement, for a reason
 * a reader can act on, and leave every other verdict as the clean run has it.
 */
const CAUGHT_BY: Record<string, { requirement: string; reason: RegExp }> = {
  'wrong-request-uri': {
    requirement: 'RJ-02',
    // Names the requirement and both URIs: the one seen and the IM Session Identity expected.
    reason: /RJ-02[\s\S]*sip:\S*@wrong-conference\.invalid[\s\S]*sip:\S*@conference\.example\.invalid/,
  },
};

let clean: SuiteRun;
before(async () => {
  clean = await runConformance();
});

test('every fault switch of the reference client is caught by a requirement', () => {
  assert.deepEqual([...FAULT_SWITCHES].sort(), Object.keys(CAUGHT_BY).sort(), 'a fault without an entry here is a check nobody proved can fail');
});

for (const [fault, { requirement, reason }] of Object.entries(CAUGHT_BY)) {
  test(`fault "${fault}" fails exactly ${requirement}, every one of its scenarios, with the reason`, async () => {
    const run = await runConformance({ faults: [fault] });
    assert.equal(run.exitCode, 1, `a failed SHALL must fail the gate:\n${run.output}`);
    assert.match(run.output, new RegExp(`NOT COMPLIANT[\\s\\S]*${requirement} SHALL FAIL`));

    const expected = { ...verdictsById(clean.summary), [requirement]: 'FAIL' };
    assert.deepEqual(verdictsById(run.summary), expected);

    const entry = run.summary.requirements.find((r) => r.id === requirement)!;
    assert.ok(entry.scenarios.length > 0);
    for (const s of entry.scenarios) {
      assert.equal(s.verdict, 'FAIL', s.name);
      assert.match(s.reason, reason, s.name);
    }
  });
}
