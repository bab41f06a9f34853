import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { SUB_CHECKS } from '../../support/checks/sub-checks';
import { PROJECT_ROOT } from '../../support/project';
import { CATALOGUE } from '../../support/requirements';
import { duplicateTestCaseIds, filesUnder, lintFeature, lintWaivers } from './feature-lint';

/**
 * The feature lint (feature-lint.ts) over every real feature and every committed SUT profile,
 * which must have nothing to report, and over test/data/features/lint/, one bad thing a fixture,
 * each of which it must report in so many words.
 */
const read = (file: string): string => fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8');
const FIXTURES = 'test/data/features/lint';
const features = filesUnder(PROJECT_ROOT, 'features', '.feature');

test('there are features to lint', () => {
  assert.ok(features.length >= CATALOGUE.length);
});

for (const file of features) {
  test(`${file}: the lint finds nothing wrong`, () => {
    assert.deepEqual(lintFeature(file, read(file)), []);
  });
}

const profiles = [...filesUnder(PROJECT_ROOT, 'suts', '.json'), ...filesUnder(PROJECT_ROOT, 'test/data/profiles', '.json')];

test('there are profiles to lint, one with waivers', () => {
  assert.ok(profiles.some((f) => 'waivers' in (JSON.parse(read(f)) as object)));
});

for (const file of profiles) {
  test(`${file}: its waivers name (requirement, sub-check) pairs of the catalogue`, () => {
    assert.deepEqual(lintWaivers(file, JSON.parse(read(file))), []);
  });
}

const ids = CATALOGUE.map((r) => r.id).join(', ');
const rj01 = SUB_CHECKS['RJ-01'].join(', ');

/** What the lint must say of each fixture, by the folder that names its one bad thing. */
const EXPECTED: Record<string, string[]> = {
  'good/initial-request.feature': [],
  'unknown-req/request-uri.feature': [`:8: @req:RJ-99 is not a requirement of the catalogue (support/requirements.ts: ${ids})`],
  'missing-req/request-uri.feature': [':8: has no @req:<id> tag'],
  'wrong-strength/request-uri.feature': [':8: RJ-02 is SHALL: the scenario needs @shall', ':8: @may is not the strength of RJ-02 (SHALL)'],
  'missing-clause/request-uri.feature': [":8: has no @clause:<clause> tag (RJ-02's is @clause:7.1.1.9)"],
  'clause-differs/conference-subscription.feature': [":6: @clause:7.1.1.9 differs from the catalogue: RJ-08's clause is 7.1.1.12"],
  'unknown-ics/conference-subscription.feature': [
    ':6: @ics:subscription names no ICS field of the SUT profile (ICS_TAGS, support/sut/sut-profile.ts: @ics:conference-subscription (ics.conferenceSubscription), @ics:ims (ics.sipIpCore))',
  ],
  'unknown-sub-check-in-examples/initial-request.feature': [`:16: sub-check "oma-user-agnet" is not a sub-check of RJ-01 (RJ-01's: ${rj01})`],
  'sub-check-of-another-requirement/initial-request.feature': [`:9: sub-check "ack-sent" is not a sub-check of RJ-01 but of RJ-05 (RJ-01's: ${rj01})`],
  'wrong-file-name/requri.feature': [': carries RJ-02, whose name is "request-uri": the file must be request-uri.feature, not requri.feature'],
  'unknown-tag/request-uri.feature': [':8: @slow is not a tag of the suite (@req:<id>, @clause:<clause>, @shall, @may, @cond, @robustness, @ics:<name>, @tc:<test case id>)'],
  'missing-tc/request-uri.feature': [':8: has no test case id (@tc:SIMPLE_IM-1.0-con-<RJnn>-<nn> on a Scenario, a "tc" column in an Outline\'s Examples)'],
  'malformed-tc/request-uri.feature': [':8: test case id "SIMPLE_IM-1.0-con-RJ02-1" is not of the shape SIMPLE_IM-1.0-con-<RJnn>-<nn>'],
  'tc-of-another-requirement/request-uri.feature': [":8: test case id SIMPLE_IM-1.0-con-RJ03-01 names RJ-03, not the scenario's RJ-02"],
  'two-tcs/initial-request.feature': [
    ':17: has 2 test case ids (SIMPLE_IM-1.0-con-RJ01-09, SIMPLE_IM-1.0-con-RJ01-01): give it one',
    ':18: has 2 test case ids (SIMPLE_IM-1.0-con-RJ01-09, SIMPLE_IM-1.0-con-RJ01-02): give it one',
  ],
};

test(`every fixture of ${FIXTURES} has its expected problems here, and every one listed here exists`, () => {
  const fixtures = filesUnder(PROJECT_ROOT, FIXTURES, '.feature').map((f) => path.relative(FIXTURES, f));
  assert.deepEqual(fixtures, Object.keys(EXPECTED).sort());
});

for (const [fixture, problems] of Object.entries(EXPECTED)) {
  const file = `${FIXTURES}/${fixture}`;
  test(`the lint reports ${problems.length === 0 ? 'nothing' : 'exactly the bad thing'} in ${fixture}`, () => {
    assert.deepEqual(lintFeature(file, read(file)), problems.map((p) => `${file}${p}`));
  });
}

test('no two scenarios of the features share a test case id', () => {
  assert.deepEqual(duplicateTestCaseIds(features.map((file) => ({ file, text: read(file) }))), []);
});

test('a test case id given twice, in two files or in one, is reported where the second is', () => {
  const good = `${FIXTURES}/good/initial-request.feature`;
  const copy = 'x/initial-request.feature';
  assert.deepEqual(duplicateTestCaseIds([{ file: good, text: read(good) }, { file: copy, text: read(good) }]), [
    `${copy}:18: test case id SIMPLE_IM-1.0-con-RJ01-01 is already the id of ${good}:18`,
    `${copy}:19: test case id SIMPLE_IM-1.0-con-RJ01-02 is already the id of ${good}:19`,
  ]);
  const twice = read(good).replace('SIMPLE_IM-1.0-con-RJ01-02', 'SIMPLE_IM-1.0-con-RJ01-01');
  assert.deepEqual(duplicateTestCaseIds([{ file: copy, text: twice }]), [`${copy}:19: test case id SIMPLE_IM-1.0-con-RJ01-01 is already the id of ${copy}:18`]);
});

test('the lint reports a file that is not Gherkin, and one without a scenario', () => {
  const [problem, ...more] = lintFeature('x/request-uri.feature', 'Feature: a\n  Scenario: b\n    Given c\n      | d | e |\n      | f |\n');
  assert.match(problem, /^x\/request-uri\.feature: is not Gherkin: Parser errors:\n\(5:7\): inconsistent cell count within the table$/);
  assert.deepEqual(more, []);
  assert.deepEqual(lintFeature('x/request-uri.feature', '@req:RJ-02 @shall @clause:7.1.1.9\nFeature: a\n'), ['x/request-uri.feature: has no scenario']);
});

const WAIVERS: Record<string, string> = {
  'sub-check-of-another-requirement.json': `field "waivers[0].check" is "ack-sent", a sub-check of RJ-05, not of RJ-01 (RJ-01's sub-checks: ${rj01})`,
  'unknown-requirement.json': `field "waivers[0].requirement" is "RJ-99", not a requirement id of the catalogue (${ids})`,
};

test(`every waiver fixture of ${FIXTURES}/waivers has its expected problem here`, () => {
  assert.deepEqual(
    filesUnder(PROJECT_ROOT, `${FIXTURES}/waivers`, '.json').map((f) => path.basename(f)),
    Object.keys(WAIVERS).sort(),
  );
});

for (const [fixture, problem] of Object.entries(WAIVERS)) {
  const file = `${FIXTURES}/waivers/${fixture}`;
  test(`the lint reports the waiver of ${fixture} as the profile loader does`, () => {
    assert.deepEqual(lintWaivers(file, JSON.parse(read(file))), [`${file}: ${problem}`]);
  });
}
