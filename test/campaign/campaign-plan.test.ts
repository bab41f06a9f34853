import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseShard, planCampaign, profileFiles, shardOf } from '../../support/campaign/campaign-plan';
import { PROJECT_ROOT } from '../../support/project';
import { readSutProfile, type SutProfile } from '../../support/sut/sut-profile';

const reference = readSutProfile(path.join(PROJECT_ROOT, 'suts', 'reference.json'));
const profiles: Record<string, SutProfile> = {
  'a/reference.json': reference,
  'b/reference.json': { ...reference, name: 'other' },
  'manual.json': { ...reference, adapter: 'manual', process: undefined },
  'fixed.json': { ...reference, testBed: { ...reference.testBed, port: 5060 } },
  'spelled.json': { ...reference, adapter: 'command', process: undefined, command: { rejoin: 'my-client --bind 127.0.0.2 --dial "$IM_CONFERENCE_URI"' } },
};
const load = (f: string): SutProfile => {
  if (!profiles[f]) throw new Error(`SUT profile ${f}: field "(file)" cannot be read as JSON`);
  return profiles[f];
};

test('each run gets the loopback /24 of its place in the campaign, unless its addresses must stay', () => {
  const plan = planCampaign(['a/reference.json', 'b/reference.json', 'manual.json', 'fixed.json', 'spelled.json', 'missing.json'], load);
  assert.deepEqual(
    plan.map((r) => [r.slug, r.loopbackNet, Boolean(r.alone), Boolean(r.keepsAddresses), Boolean(r.refused)]),
    [
      ['a-reference', '127.1.0', false, false, false],
      ['b-reference', '127.2.0', false, false, false],
      ['manual', undefined, true, true, false],
      ['fixed', undefined, true, true, false],
      ['spelled', undefined, false, true, false],
      ['missing', undefined, false, false, true],
    ],
  );
  assert.match(plan[2].alone!, /manual client/);
  assert.match(plan[3].alone!, /fixed port \(testBed\.port 5060/);
  assert.match(plan[4].keepsAddresses!, /its commands name 127\.0\.0\.2/);
  assert.match(plan[5].refused!, /cannot be read/);
});

test('a shard names and places each profile as the whole campaign does', () => {
  const plan = planCampaign(['a/reference.json', 'b/reference.json', 'manual.json', 'fixed.json', 'spelled.json'], load);
  const shards = [1, 2].map((index) => shardOf(plan, { index, total: 2 }));
  assert.deepEqual(shards.map((s) => s.map((r) => r.slug)), [['a-reference', 'manual', 'spelled'], ['b-reference', 'fixed']]);
  assert.deepEqual([...shards[0], ...shards[1]].sort((x, y) => x.slug.localeCompare(y.slug)), [...plan].sort((x, y) => x.slug.localeCompare(y.slug)));
  assert.deepEqual(parseShard('2/3'), { index: 2, total: 3 });
  for (const bad of ['0/2', '3/2', '1/0', '1', 'a/b']) assert.ok('problem' in parseShard(bad), bad);
});

test('a folder stands for its profiles, in name order, without its schema', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-plan-'));
  for (const f of ['b.json', 'a.json', 'x.schema.json', 'notes.txt']) fs.writeFileSync(path.join(dir, f), '{}');
  fs.mkdirSync(path.join(dir, 'sub'));
  try {
    assert.deepEqual(profileFiles([dir, 'given.json']), [path.join(dir, 'a.json'), path.join(dir, 'b.json'), 'given.json']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
