import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { PROJECT_ROOT } from '../../support/project';
import { CATALOGUE } from '../../support/requirements';
import { DOC, END, readFeatures, requirementsTable, START, withTable } from '../../scripts/requirements-doc';

/** docs/requirements.md's table is what scripts/requirements-doc.ts writes from the catalogue, the sub-checks and the features. */
const doc = fs.readFileSync(path.join(PROJECT_ROOT, DOC), 'utf8');

test(`the requirements table of ${DOC} is the one the catalogue, the sub-checks and the features give`, () => {
  const written = withTable(doc, requirementsTable(readFeatures()));
  assert.ok(written === doc, `${DOC}'s requirements table has drifted from support/requirements.ts, support/checks/sub-checks.ts or features/: run \`npm run docs:requirements\` and commit the result`);
});

test('the table has a row per requirement, in catalogue order, each naming its feature', () => {
  const rows = requirementsTable(readFeatures()).split('\n').slice(2);
  assert.deepEqual(rows.map((r) => r.split(' | ')[0].slice(2)), CATALOGUE.map((r) => r.id));
  for (const [i, r] of CATALOGUE.entries()) assert.match(rows[i], new RegExp(`\`[a-z]+/${r.name}\\.feature\``), r.id);
});

test('a requirement no feature carries says so; the prose around the markers is kept', () => {
  assert.match(requirementsTable([]), /^\| RJ-01 \| SHALL \| .* \| none yet \| `initial-request.steps.ts` \|/m);
  assert.equal(withTable(`before\n${START}\nold\n${END}\nafter\n`, 'new'), `before\n${START}\nnew\n${END}\nafter\n`);
});

test('the script refuses a document without its markers rather than guess where the table goes', () => {
  assert.throws(() => withTable('no markers\n', 'table'), /the table goes between one/);
  assert.throws(() => withTable(`${END}\n${START}\n`, 'table'), /in that order/);
});

test("the README's short table has a row per requirement naming its strength and its feature", () => {
  const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const rows = readme.split('\n').filter((l) => /^\| R[JB]-\d\d \|/.test(l)).map((l) => l.split('|').map((c) => c.trim()));
  const features = readFeatures();
  assert.deepEqual(rows.map((r) => r[1]), CATALOGUE.map((r) => r.id), 'a row per requirement, in catalogue order');
  for (const [i, r] of CATALOGUE.entries()) {
    const feature = features.find((f) => f.requirements.has(r.id))?.file;
    assert.deepEqual([rows[i][2], rows[i][4]], [r.strength, `\`${feature}\``], `README.md, ${r.id}`);
  }
});
