import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { SUB_CHECKS } from '../../support/checks/sub-checks';
import { PROJECT_ROOT } from '../../support/project';
import { buildSummary } from '../../support/report/summary';
import { DEFAULT_PROFILE, validateSutProfile } from '../../support/sut/sut-profile';

/**
 * What the docs show of waivers is what the code takes: their examples load and validate, the
 * sub-check table of docs/requirements.md is the catalogue a waiver is checked against, and the
 * README's summary.json has the fields the summary has.
 */
const read = (file: string): string => fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8');
const jsonBlocks = (text: string): string[] => [...text.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]);
const reference = JSON.parse(fs.readFileSync(DEFAULT_PROFILE, 'utf8')) as Record<string, unknown>;
const withWaivers = (waivers: unknown) => validateSutProfile({ ...structuredClone(reference), waivers }, 'docs');

test('the waiver example of docs/requirements.md is a waiver the profile loader accepts as written', () => {
  const blocks = jsonBlocks(read('docs/requirements.md')).filter((b) => b.includes('"waivers"'));
  assert.equal(blocks.length, 1, 'one example');
  const { waivers } = JSON.parse(`{${blocks[0]}}`) as { waivers: unknown[] };
  assert.ok(waivers.length > 0);
  assert.deepEqual(withWaivers(waivers).waivers, waivers);
});

test('the waivers row of docs/adapters.md is a waiver the profile loader accepts', () => {
  const row = read('docs/adapters.md').split('\n').find((l) => l.startsWith('| `waivers` |'));
  assert.ok(row, 'a waivers row');
  const example = /`(\[\{"requirement".*?\}\])`/.exec(row)?.[1];
  assert.ok(example, `the row shows a waiver: ${row}`);
  assert.deepEqual(withWaivers(JSON.parse(example)).waivers, JSON.parse(example));
});

test('the profile example of the README validates, waivers included', () => {
  const [example] = jsonBlocks(read('README.md')).filter((b) => b.includes('"waivers"') && b.includes('"adapter"'));
  assert.ok(example, 'the README shows a profile');
  const profile = validateSutProfile(JSON.parse(example), 'README.md');
  assert.deepEqual(profile.waivers, []);
});

test('the summary.json example of the README has the fields of a summary, waivers included', () => {
  const [example] = jsonBlocks(read('README.md')).filter((b) => b.includes('"requirements"'));
  const shown = JSON.parse(example) as { waivers: Array<Record<string, unknown> & { turned: Array<Record<string, unknown>> }> };
  const waiver = { requirement: 'RJ-01', check: 'oma-user-agent', reason: 'r' };
  const real = buildSummary({ name: 's', version: '1' }, { name: 'c', version: '1', adapter: 'process' }, [], new Set(), {
    inForce: [waiver],
    waived: [{ id: 'SIMPLE_IM-1.0-con-RJ01-09', scenario: 'x', requirement: 'RJ-01', check: 'oma-user-agent', reason: 'r', finding: 'RJ-01 FAIL: f', scenarioVerdict: 'PASS', messageSeq: 1 }],
  });
  assert.deepEqual(Object.keys(shown), Object.keys(real));
  assert.deepEqual(Object.keys(shown.waivers[0]), Object.keys(real.waivers[0]));
  assert.deepEqual(Object.keys(shown.waivers[0].turned[0]), Object.keys(real.waivers[0].turned[0]));
});

test('the sub-checks docs/requirements.md lists per requirement are the catalogue waivers are validated against', () => {
  const lines = read('docs/requirements.md').split('\n');
  const cells = (l: string): string[] => l.split('|').map((c) => c.trim());
  const column = cells(lines.find((l) => l.startsWith('| id |')) ?? '').findIndex((c) => c.startsWith('check and sub-checks'));
  assert.ok(column > 0, 'a "check and sub-checks" column');
  const rows = lines.filter((l) => /^\| R[JB]-\d\d \|/.test(l)).map(cells);
  assert.deepEqual(rows.map((r) => r[1]).sort(), Object.keys(SUB_CHECKS).sort(), 'a row per requirement');
  for (const r of rows) {
    const names = [...r[column].matchAll(/`([^`]+)`/g)].map((m) => m[1]).filter((n) => !/\.(ts|feature)$/.test(n));
    assert.deepEqual([...names].sort(), [...SUB_CHECKS[r[1]]].sort(), `${r[1]}: the table's sub-checks`);
  }
});
