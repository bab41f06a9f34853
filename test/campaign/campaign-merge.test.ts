import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { collectShards } from '../../scripts/campaign-merge';
import type { Campaign } from '../../support/campaign/campaign-matrix';
import { RUN_RECORD } from '../../support/campaign/campaign-run';

/** A shard folder as `campaign --shard` leaves it: campaign.json, and runs/<slug>/ of the runs it ran. */
function shard(root: string, name: string, ran: string[], over: Partial<Campaign> = {}, plan = ['a', 'b']): string {
  const dir = path.join(root, name);
  const planned = plan.map((slug) => ({ slug, profile: `${slug}.json` }));
  const rows = planned.map((p) => ({ ...p, outcome: ran.includes(p.slug) ? 'COMPLIANT' : 'NOT RUN', reason: '', cells: {}, links: {}, durationMs: 0, ...(ran.includes(p.slug) ? { shard: name } : {}) }));
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'campaign.json'), JSON.stringify({ suite: { digest: 'd' }, planned, shards: [name], strict: false, html: true, rows, ...over }));
  for (const slug of ran) {
    fs.mkdirSync(path.join(dir, 'runs', slug), { recursive: true });
    fs.writeFileSync(path.join(dir, 'runs', slug, RUN_RECORD), JSON.stringify({ slug, profile: `${slug}.json`, shard: name, outcome: 'COMPLIANT', reason: '', failures: [], exitCode: 0, durationMs: 0, files: {} }));
  }
  return dir;
}

test('shards merge into the runs each ran, copied into the merged folder', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-merge-'));
  try {
    const out = path.join(root, 'out');
    const got = collectShards([shard(root, '1/2', ['a']), shard(root, '2/2', ['b'])], out);
    assert.ok(!('problem' in got), JSON.stringify(got));
    assert.deepEqual(got.records.map((r) => [r.slug, r.shard]), [['a', '1/2'], ['b', '2/2']]);
    assert.deepEqual(got.shards, ['1/2', '2/2']);
    assert.ok(fs.existsSync(path.join(out, 'runs', 'b', RUN_RECORD)));
    assert.equal(got.withoutHtml, undefined);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('one-profile jobs of a CI matrix merge into the union of their plans, in the order given', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-merge-'));
  try {
    const got = collectShards([shard(root, 'job-b', ['b'], {}, ['b']), shard(root, 'job-a', ['a'], {}, ['a'])], path.join(root, 'out'));
    assert.ok(!('problem' in got), JSON.stringify(got));
    assert.deepEqual(got.planned.map((p) => p.slug), ['b', 'a']);
    assert.deepEqual(got.records.map((r) => r.slug), ['b', 'a']);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('shards that are not one campaign are refused, saying why', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-merge-'));
  try {
    const out = path.join(root, 'out');
    const one = shard(root, 's1', ['a']);
    const problem = (dirs: string[]): string => {
      const got = collectShards(dirs, out);
      return 'problem' in got ? got.problem : '(merged)';
    };
    assert.match(problem([one, path.join(root, 'nothing')]), /campaign\.json cannot be read/);
    assert.match(problem([one, shard(root, 's2', ['a'], {}, ['a'])]), /both plan "a", but their profile lists differ/);
    assert.match(problem([one, shard(root, 's3', ['b'], { suite: { digest: 'other' } as Campaign['suite'] })]), /judged by another suite/);
    assert.match(problem([one, shard(root, 's4', ['b'], { strict: true })]), /--strict/);
    assert.match(problem([one, shard(root, 's5', ['a'])]), /a was run by two shards/);
    assert.match(problem([]), /no shard/);
    // A shard's folder is a vendor job's: a run's name that climbs out of runs/ is refused before anything is removed.
    const climbing = shard(root, 's7', ['b']);
    const c = JSON.parse(fs.readFileSync(path.join(climbing, 'campaign.json'), 'utf8')) as Campaign;
    c.rows[1].slug = '../../victim';
    fs.writeFileSync(path.join(climbing, 'campaign.json'), JSON.stringify(c));
    fs.mkdirSync(path.join(root, 'victim'));
    assert.match(problem([one, climbing]), /names a run "\.\.\/\.\.\/victim", not a run's name/);
    assert.ok(fs.existsSync(path.join(root, 'victim')));
    assert.match(problem([one, shard(root, 's8', ['b'], { runArgs: ['--tags', '@shall'] })]), /one matrix needs one selection/);
    assert.ok(!fs.existsSync(path.join(out, 'runs')), 'a refused merge copies nothing into --out');
    const noHtml = collectShards([one, shard(root, 's6', ['b'], { html: false })], out);
    assert.ok(!('problem' in noHtml) && /s6 ran with --no-html/.test(noHtml.withoutHtml ?? ''));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
