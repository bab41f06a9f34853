import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { combineAllureResults } from '../../support/campaign/campaign-allure';
import { campaignHtml } from '../../support/campaign/campaign-html';
import { buildCampaign, matrixOf } from '../../support/campaign/campaign-matrix';
import type { RunRecord } from '../../support/campaign/campaign-run';
import { CATALOGUE } from '../../support/requirements';
import type { Summary } from '../../support/report/summary';
import type { Verdict } from '../../support/verdict';

const SUITE = { name: 'simple-im-conformance', version: '0', commit: 'c', digest: 'd' };

function summary(verdicts: Record<string, Verdict> = {}): Summary {
  return {
    suite: SUITE,
    sut: { name: 'x', version: '1', adapter: 'process' },
    requirements: CATALOGUE.map((c) => ({ id: c.id, strength: c.strength, title: c.title, verdict: verdicts[c.id] ?? 'PASS', reason: `${c.id} <reason> "quoted"`, scenarios: [] })),
    waivers: [],
    traces: [{ id: 't', scenario: 's', messages: [] }],
  };
}

function record(slug: string, outcome: RunRecord['outcome'], reason = ''): RunRecord {
  return { slug, profile: `suts/${slug}.json`, sut: { name: `<${slug}>`, version: '1', adapter: 'process' }, shard: '1/1', outcome, reason, failures: [], exitCode: 0, durationMs: 1500, finishedAt: '1970-01-01T00:00:00.000Z', files: outcome === 'NO VERDICT' ? {} : { summary: 'summary.json', pctr: 'pctr.html' } };
}

const planned = ['good', 'bad', 'broken', 'gone'].map((slug) => ({ slug, profile: `suts/${slug}.json` }));
const records = [record('good', 'COMPLIANT'), record('bad', 'NOT COMPLIANT', 'RJ-02 SHALL FAIL'), record('broken', 'NO VERDICT', 'field "x"')];
const summaries = new Map([
  ['good', summary()],
  ['bad', summary({ 'RJ-02': 'FAIL' })],
]);
const campaign = buildCampaign({ suite: SUITE, generated: new Date(0), planned, shards: ['1/1'], strict: false, runArgs: [], html: true, records, summaries });

test('a row per planned profile, each cell its summary’s verdict and reason; a run no shard holds is NOT RUN', () => {
  assert.deepEqual(matrixOf(campaign).map((r) => [r.slug, r.outcome, r.cells['RJ-02']]), [
    ['good', 'COMPLIANT', 'PASS'],
    ['bad', 'NOT COMPLIANT', 'FAIL'],
    ['broken', 'NO VERDICT', '—'],
    ['gone', 'NOT RUN', '—'],
  ]);
  assert.equal(campaign.rows[1].cells['RJ-02'].reason, 'RJ-02 <reason> "quoted"');
  assert.equal(campaign.rows[2].cells['RJ-01'].reason, 'field "x"');
  assert.match(campaign.rows[3].reason, /no shard/);
  assert.deepEqual(Object.keys(campaign.summaries), ['good', 'bad']);
  assert.ok(!('traces' in campaign.summaries.good), 'the traces stay in the run’s own summary.json');
  assert.equal(campaign.rows[0].links.pctr, 'runs/good/pctr.html');
});

test('the campaign’s exit code: 1 when a SUT is not compliant, else 2 when one has no verdict or did not run, else 0', () => {
  const of = (rs: RunRecord[], plan = rs.map((r) => ({ slug: r.slug, profile: r.profile }))): number => buildCampaign({ suite: SUITE, generated: new Date(0), planned: plan, shards: ['1/1'], strict: false, runArgs: [], html: true, records: rs, summaries }).exitCode;
  assert.equal(campaign.exitCode, 1);
  assert.equal(of([record('good', 'COMPLIANT'), record('broken', 'NO VERDICT')]), 2);
  assert.equal(of([record('good', 'COMPLIANT')], planned.slice(0, 1).concat(planned[3])), 2);
  assert.equal(of([record('good', 'COMPLIANT')]), 0);
});

test('the matrix page escapes what it shows and puts each cell’s reason in its title', () => {
  const html = campaignHtml(campaign);
  assert.ok(html.includes('&#60;good&#62; 1'), 'the SUT name is escaped');
  assert.ok(!html.includes('<good>'));
  assert.ok(html.includes('title="RJ-02: RJ-02 &#60;reason&#62; &#34;quoted&#34;"'));
  assert.ok(html.includes('<td class="FAIL"'));
  assert.ok(html.includes('href="runs/good/pctr.html"'));
  assert.match(html, /default-src 'none'/);
  // A campaign.json from elsewhere (a shard's folder) cannot put markup in a class.
  const tampered = { ...campaign, rows: [{ ...campaign.rows[0], outcome: '"><marquee>x' as never, cells: { 'RJ-01': { verdict: '"><blink>' as never, reason: 'r' } } }] };
  const page = campaignHtml(tampered);
  assert.ok(!page.includes('<marquee>') && !page.includes('<blink>'));
  assert.ok(page.includes('<td class="none" title="RJ-01: r">'));
});

test('nothing judged is never COMPLIANT', () => {
  const none = buildCampaign({ suite: SUITE, generated: new Date(0), planned: [], shards: ['1/1'], strict: false, runArgs: [], html: true, records: [], summaries: new Map() });
  assert.deepEqual([none.outcome, none.exitCode], ['INCOMPLETE', 2]);
});

test('combined Allure results: each SUT’s ids prefixed, the SUT its parent suite, attachments kept', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-allure-'));
  try {
    for (const slug of ['a', 'b']) {
      const dir = path.join(root, slug);
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, `${slug}1-result.json`), JSON.stringify({ historyId: 'TC-1', testCaseId: 'TC-1', fullName: 'f', labels: [{ name: 'parentSuite', value: 'old' }, { name: 'epic', value: 'e' }] }));
      fs.writeFileSync(path.join(dir, `${slug}1-attachment.txt`), slug);
      fs.writeFileSync(path.join(dir, 'environment.properties'), 'x=y');
    }
    const out = path.join(root, 'out');
    assert.equal(combineAllureResults(['a', 'b'].map((slug) => ({ slug, sut: `SUT ${slug}`, resultsDir: path.join(root, slug) })), out), 2);
    const a = JSON.parse(fs.readFileSync(path.join(out, 'a1-result.json'), 'utf8')) as { historyId: string; testCaseId: string; labels: Array<{ name: string; value: string }> };
    assert.equal(a.historyId, 'a/TC-1');
    assert.equal(a.testCaseId, 'a/TC-1');
    assert.deepEqual(a.labels, [{ name: 'epic', value: 'e' }, { name: 'parentSuite', value: 'SUT a' }, { name: 'tag', value: 'sut:a' }]);
    assert.equal(fs.readFileSync(path.join(out, 'b1-attachment.txt'), 'utf8'), 'b');
    assert.ok(!fs.existsSync(path.join(out, 'environment.properties')), 'each run’s own environment is not the campaign’s');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
