import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { PROJECT_ROOT } from '../../support/project';
import { loadSutProfile } from '../../support/sut/sut-profile';

/**
 * What the hand-written loader gave for every committed profile, captured from it (as `snapshot`
 * writes it) before the JSON Schema took over its structural checks (issue 13): the schema-driven
 * loader must give the same SutProfile, defaults and absent-but-present keys included, or the
 * same refusal. A profile added since needs no entry; this holds the migration to its word.
 */
const FIXTURE = 'test/data/sut-profiles-loaded.json';

/**
 * The loaded profile (or the refusal) as JSON, paths relative to the project and undefined kept
 * as a marker: `{cwd: undefined}` and `{}` differ to a spread (`{...defaults, ...settings}`).
 */
export function snapshot(file: string): string {
  let loaded: unknown;
  try {
    loaded = loadSutProfile(path.join(PROJECT_ROOT, file));
  } catch (e) {
    loaded = { refused: (e as Error).message };
  }
  return JSON.stringify(loaded, (_key, value: unknown) => (value === undefined ? '(undefined)' : typeof value === 'string' ? value.split(PROJECT_ROOT).join('<root>') : value));
}

const recorded = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, FIXTURE), 'utf8')) as Record<string, unknown>;

test(`${FIXTURE} records every profile of suts/ and test/data/profiles/ of its day`, () => {
  assert.ok(Object.keys(recorded).length >= 16, Object.keys(recorded).join(', '));
  assert.ok(Object.values(recorded).some((r) => typeof r === 'object' && r !== null && 'refused' in r), 'a refused one too');
});

for (const [file, expected] of Object.entries(recorded)) {
  test(`${file} loads to the SutProfile the hand-written loader gave`, () => {
    assert.deepEqual(JSON.parse(snapshot(file)), expected);
  });
}
