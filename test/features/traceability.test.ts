import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { isSubCheck } from '../../support/checks/sub-checks';
import { PROJECT_ROOT } from '../../support/project';
import { CATALOGUE } from '../../support/requirements';
import { filesUnder, requirementsOfFeature } from './feature-lint';

/**
 * From a requirement id to its files and back, by file name alone (test262's way): the
 * catalogue's `name` of a requirement is the name of its feature, steps, check and unit test.
 */
const fileOf = (folder: string, suffix: string) => (name: string) => `${folder}/${name}${suffix}`;
const STEPS = fileOf('steps', '.steps.ts');
const CHECK = fileOf('support/checks', '.ts');
const UNIT_TEST = fileOf('test/checks', '.test.ts');

/**
 * The files of these folders that belong to no one requirement, each with what it is. Any other
 * file there must be a requirement's.
 */
const SHARED = new Set([
  // Steps every feature uses: the client's side (transport, ICS declarations, the rejoin) and the IM Server's.
  'steps/client.steps.ts',
  'steps/im-server.steps.ts',
  // The Cucumber parameter types ({transport}, …).
  'steps/parameter-types.ts',
  // What a check returns.
  'support/checks/finding.ts',
  // Every check by the name steps judge with and the evidence keeps (npm run rejudge runs them by it).
  'support/checks/registry.ts',
  // What each sub-check checks, in words, for docs/test-specification.md.
  'support/checks/sub-check-words.ts',
  // Helpers of several checks: the URI of a header, the dialog's route set, the ACK of a non-2xx.
  'support/checks/uri-of.ts',
  'support/checks/route-set.ts',
  'support/checks/non2xx-ack.ts',
  // The catalogue of sub-checks, what waivers are validated against, and its tests: every pair
  // emitted by a check, and every pair proven by a fault (sub-check-proofs, a table check).
  'support/checks/sub-checks.ts',
  'test/checks/sub-checks.test.ts',
  'test/checks/sub-check-proofs.ts',
  'test/checks/sub-check-proofs.test.ts',
]);

const features = filesUnder(PROJECT_ROOT, 'features', '.feature');
const exists = (file: string): boolean => fs.existsSync(path.join(PROJECT_ROOT, file));
const requirementsIn = (file: string): Set<string> => requirementsOfFeature(PROJECT_ROOT, file);

for (const r of CATALOGUE) {
  test(`${r.id} (${r.name}): its feature, steps, check and unit test are named ${r.name}`, () => {
    const named = features.filter((f) => path.basename(f) === `${r.name}.feature`);
    assert.equal(named.length, 1, `one features/<part>/${r.name}.feature (found: ${named.join(', ') || 'none'})`);
    assert.equal(path.dirname(path.dirname(named[0])), 'features', `${named[0]}: a feature is one folder down (features/<part>/)`);
    assert.ok(requirementsIn(named[0]).has(r.id), `${named[0]} has scenarios tagged @req:${r.id}`);
    for (const file of [STEPS(r.name), CHECK(r.name), UNIT_TEST(r.name)]) assert.ok(exists(file), `${r.id}: ${file} exists`);
  });
  if (r.uncertain) {
    test(`${r.id}: the sub-checks the catalogue calls uncertain are its sub-checks`, () => {
      for (const check of r.uncertain!.checks) assert.ok(isSubCheck(r.id, check), `${r.id} ${check}`);
    });
  }
}

test('every file of features/, steps/, support/checks/ and test/checks/ is a requirement\'s or a shared module listed here', () => {
  const own = new Set(CATALOGUE.flatMap((r) => [STEPS(r.name), CHECK(r.name), UNIT_TEST(r.name)]));
  const files = [...filesUnder(PROJECT_ROOT, 'features', ''), ...['steps', 'support/checks', 'test/checks'].flatMap((d) => filesUnder(PROJECT_ROOT, d, '.ts'))];
  const strays = files.filter((f) => {
    if (f.startsWith('features/')) return !(f.endsWith('.feature') && CATALOGUE.some((r) => path.basename(f) === `${r.name}.feature`));
    return !own.has(f) && !SHARED.has(f);
  });
  assert.deepEqual(strays, [], 'name each after its requirement (support/requirements.ts, `name`), or list it in SHARED with what it is');
});

test('every shared module listed exists', () => {
  assert.deepEqual([...SHARED].filter((f) => !exists(f)), []);
});

test('every feature file is one requirement\'s', () => {
  for (const f of features) assert.equal(requirementsIn(f).size, 1, `${f}: ${[...requirementsIn(f)].join(', ')}`);
});
