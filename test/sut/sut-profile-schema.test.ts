import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { PROJECT_ROOT } from '../../support/project';
import { checkProfile, profileSchema, SCHEMA_FILE, type JsonSchema } from '../../support/sut/profile-schema';
import { filesUnder } from '../features/feature-lint';

/**
 * suts/sut-profile.schema.json against the committed profiles (each names it in `$schema`, so an
 * editor checks and completes it, and each is valid by it) and against itself (every field is
 * described for the supplier who fills it in, and says its unit where it is a time).
 */
const profiles = [...filesUnder(PROJECT_ROOT, 'suts', '.json'), ...filesUnder(PROJECT_ROOT, 'test/data/profiles', '.json')].filter((f) => !f.endsWith('.schema.json'));
const read = (file: string): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8')) as Record<string, unknown>;

/** Profiles broken on purpose, for the tests of a refused profile, and the field the schema names. */
const BROKEN: Record<string, string> = { 'test/data/profiles/no-rejoin-command.json': '/command' };

test('there are profiles in suts/, suts/examples/ and test/data/profiles/', () => {
  for (const folder of ['suts/', 'suts/examples/', 'test/data/profiles/']) assert.ok(profiles.some((f) => path.dirname(f) + '/' === folder), folder);
  for (const file of Object.keys(BROKEN)) assert.ok(profiles.includes(file), file);
});

for (const file of profiles) {
  test(`${file} names the schema in "$schema", by a path relative to its folder`, () => {
    const named = read(file).$schema;
    assert.equal(typeof named, 'string', `${file} has no "$schema"`);
    assert.equal(path.resolve(PROJECT_ROOT, path.dirname(file), named as string), SCHEMA_FILE, `${file}: "$schema": "${String(named)}" is not ${path.relative(path.join(PROJECT_ROOT, path.dirname(file)), SCHEMA_FILE)}`);
  });

  test(`${file} ${BROKEN[file] ? 'is refused by the schema, as it is meant to be' : 'is valid by the schema'}`, () => {
    const { error } = checkProfile(read(file));
    if (BROKEN[file]) assert.equal(error?.instancePath, BROKEN[file]);
    else assert.equal(error, undefined, JSON.stringify(error));
  });
}

/** Every field of the schema with its path: properties, list items, the values of a map. */
function fields(schema: JsonSchema, at = ''): Array<[string, JsonSchema]> {
  const out: Array<[string, JsonSchema]> = [];
  for (const [name, sub] of Object.entries(schema.properties ?? {})) {
    const here = at ? `${at}.${name}` : name;
    out.push([here, sub], ...fields(sub, here));
    if (sub.items?.properties) out.push(...fields(sub.items, `${here}[]`));
  }
  return out;
}

test('the schema compiles under strict ajv and describes every field, the root too', () => {
  const { schema } = profileSchema();
  assert.ok(schema.description);
  const all = fields(schema);
  assert.ok(all.length >= 40, `${all.length} fields`);
  const undescribed = all.filter(([, s]) => !s.description?.trim()).map(([f]) => f);
  assert.deepEqual(undescribed, [], 'fields without a description');
});

test('every time is a number of milliseconds that says so (x-unit), and only times do', () => {
  const all = fields(profileSchema().schema);
  for (const [field, s] of all) assert.equal(s['x-unit'], field.endsWith('Ms') ? 'ms' : undefined, field);
  assert.ok(all.some(([, s]) => s['x-unit'] === 'ms'));
});

test('every ICS field is required or has a default: a supplier who leaves it out has declared something', () => {
  const { schema } = profileSchema();
  const ics = schema.properties!.ics!;
  for (const [name, s] of Object.entries(ics.properties!)) assert.ok(ics.required?.includes(name) || s.default !== undefined, `ics.${name}`);
});

test('the schema takes a "$schema" at the top, and ignores fields it does not know as the loader always has', () => {
  const reference = read('suts/reference.json');
  assert.equal(checkProfile({ ...reference, $schema: 'anything' }).error, undefined);
  assert.equal(checkProfile({ ...reference, comment: 'a lab note' }).error, undefined);
  assert.equal(checkProfile({ ...reference, $schema: 5 }).error?.instancePath, '/$schema');
});
