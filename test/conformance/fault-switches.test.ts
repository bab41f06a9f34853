import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { FAULTS, FAULT_SWITCHES } from '../../client/faults';
import { gatesCompliance, requirement } from '../../support/requirements';
import { failedSubChecks } from '../helpers/failed-checks';
import { assertRejudged, describeVerdicts, runConformanceMany, verdictsById, type SuiteRun } from '../helpers/run-suite';
import { REFERENCE_FAULTS, type ReferenceFaultProof } from './reference-faults';

/**
 * Every check must be able to fail. Each fault switch of the reference client breaks one rule
 * (a few, where one mistake breaks two); the suite run with that switch on must FAIL exactly the
 * sub-checks its entry in reference-faults.ts lists, for a reason a reader can act on, and leave
 * every other verdict as the clean run has it. A switch missing there is a check nobody proved
 * can fail.
 */
const runs = new Map<string, SuiteRun>();
const clean = new Map<string, Record<string, string>>();

const profileArgs = (profile?: string): string[] => ['--no-html', ...(profile ? ['--sut', profile] : [])];
const switchOf = (name: string, e: ReferenceFaultProof): string => e.fault ?? name;

// One clean run per profile and one run per switch, side by side in long-lived runner processes
// (runConformanceMany: each run still goes from the arguments to summary.json and the exit code
// through scripts/conformance.ts, in reports of its own).
before(async () => {
  const profiles = [...new Set(Object.values(REFERENCE_FAULTS).map((e) => e.profile))];
  const faults = Object.entries(REFERENCE_FAULTS);
  const done = await runConformanceMany([
    ...profiles.map((profile) => ({ args: profileArgs(profile) })),
    ...faults.map(([name, e]) => ({ faults: [switchOf(name, e)], args: profileArgs(e.profile) })),
  ]);
  profiles.forEach((profile, i) => clean.set(String(profile), verdictsById(done[i].summary)));
  faults.forEach(([fault], i) => runs.set(fault, done[profiles.length + i]));
});

test('every fault switch of the reference client has an entry in reference-faults.ts, and every entry turns on a switch', () => {
  const switches = Object.entries(REFERENCE_FAULTS).map(([name, e]) => switchOf(name, e));
  // A switch that breaks the TLS handshake stops the exchange before any SIP: INCONC, proved in tls-handshake.test.ts.
  const failing = FAULT_SWITCHES.filter((name) => FAULTS[name].tlsHandshake === undefined);
  assert.deepEqual([...new Set(switches)].sort(), [...failing].sort(), 'a fault without an entry is a check nobody proved can fail');
});

test('every fault switch FAILs the requirement it names in client/faults.ts', () => {
  for (const [name, e] of Object.entries(REFERENCE_FAULTS)) {
    const fault = switchOf(name, e);
    assert.ok(Object.keys(e.failing).includes(FAULTS[fault]?.requirement), `${name}: FAULTS names ${FAULTS[fault]?.requirement}, the entry fails ${Object.keys(e.failing).join(', ')}`);
  }
});

test('the clean runs pass every requirement that applies', () => {
  for (const [profile, verdicts] of clean) {
    for (const [id, verdict] of Object.entries(verdicts)) assert.ok(verdict === 'PASS' || verdict === 'N/A', `${profile}: ${id} is ${verdict}`);
  }
});

/** Requirement → sub-checks, sorted, as failedSubChecks gives them. */
const sorted = (failing: Record<string, string[]>): Record<string, string[]> =>
  Object.fromEntries(Object.entries(failing).sort(([a], [b]) => a.localeCompare(b)).map(([id, checks]) => [id, [...checks].sort()]));

const listed = (failing: Record<string, string[]>): string =>
  Object.entries(failing).map(([id, checks]) => `${id} (${checks.join(', ')})`).join(' and ');

for (const [name, e] of Object.entries(REFERENCE_FAULTS)) {
  const fails = Object.keys(e.failing);
  test(`fault "${name}" fails exactly ${listed(e.failing)}, with a reason naming what was wrong`, () => {
    const run = runs.get(name)!;
    const failed = failedSubChecks(run);
    const detail = `\nverdicts with the fault:\n${describeVerdicts(run.summary)}\nfailed sub-checks: ${JSON.stringify(failed)}\nreports: ${run.reportsDir}`;
    const gates = fails.some((id) => gatesCompliance(requirement(id)));
    assert.equal(run.exitCode, gates ? 1 : 0, `a failed SHALL, and only that, fails the gate:\n${run.output.slice(-3000)}`);
    if (gates) assert.match(run.output, /NOT COMPLIANT/);

    const before = clean.get(String(e.profile))!;
    const after = verdictsById(run.summary);
    for (const [id, verdict] of Object.entries(after)) {
      if (fails.includes(id)) assert.equal(verdict, 'FAIL', `${id} must FAIL${detail}`);
      else if (verdict !== before[id]) {
        const allowed = e.inconclusive === 'all' || (e.inconclusive ?? []).includes(id);
        assert.ok(allowed && verdict === 'INCONC', `${id} changed from ${before[id]} to ${verdict} though "${name}" should leave it alone${detail}`);
      }
    }
    assert.deepEqual(failed, sorted(e.failing), `the sub-checks that FAIL, and no others${detail}`);
    for (const id of fails) {
      const failing = run.summary.requirements.find((r) => r.id === id)!.scenarios.filter((s) => s.verdict === 'FAIL');
      assert.ok(failing.length > 0, `${id}: no failing scenario`);
      for (const s of failing) assert.match(s.reason, e.reason, `${id}, ${s.name}`);
    }
    assertRejudged(run);
  });
}
