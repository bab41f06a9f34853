import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { verifyManifest, writeManifest } from '../../support/evidence/manifest';
import { HISTORY_DIR, HISTORY_FILES, historySlug, reportDataFiles, restoreHistory, saveHistory, sutHistoryKey } from '../../support/report/allure-history';

/** Save and restore of Allure's history between runs, on folders laid out as allure generate leaves them. */
const made: string[] = [];
process.once('exit', () => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
function tmp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'allure-history-'));
  made.push(dir);
  return dir;
}

/** A trend as Allure 2 writes it: the newest first. */
const trend = (...orders: Array<number | undefined>): string => JSON.stringify(orders.map((buildOrder) => ({ ...(buildOrder === undefined ? {} : { buildOrder }), reportName: 'COMPLIANT — x 1', data: { passed: 10, total: 10 } })));

/** A history folder as a report writes it: the five files of Allure 2.46. */
function writeHistory(dir: string, trendText = trend(2, 1)): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const f of HISTORY_FILES) fs.writeFileSync(path.join(dir, f), f === 'history-trend.json' ? trendText : '[]');
}

/** A --single-file report as Allure 2.46's template writes it: each data file as d('<path>','<base64>'). */
function singleFileReport(dir: string, files: Record<string, string>): void {
  fs.mkdirSync(dir, { recursive: true });
  const calls = Object.entries(files).map(([name, text]) => `        d('${name}','${Buffer.from(text).toString('base64')}'),`);
  fs.writeFileSync(path.join(dir, 'index.html'), `<!DOCTYPE html><html><body>\n<script defer>\n      Promise.allSettled([\n${calls.join('\n')}\n      ]).then(function(){window.reportDataReady = true;})\n</script></body></html>\n`);
}

test('a history key is file-safe and readable, and two labels never share one', () => {
  assert.match(historySlug('simple-im-reference (IMS) 0.1.0 reference-ims'), /^simple-im-reference-ims-0\.1\.0-reference-ims-[0-9a-f]{8}$/);
  assert.notEqual(historySlug('acme im'), historySlug('acme-im'), 'the same readable part, another label');
  assert.match(historySlug('クライアント'), /^[0-9a-f]{8}$/, 'nothing readable: the hash alone');
  assert.match(historySlug('../../etc/passwd'), /^etc-passwd-[0-9a-f]{8}$/);
  assert.ok(historySlug('x'.repeat(500)).length <= 89);
});

test('the history key of a SUT: its name, version and profile file name, not the folder the profile is in', () => {
  const sut = { name: 'simple-im-reference', version: '0.1.0' };
  const key = sutHistoryKey(sut, '/work/a/suts/reference.json');
  assert.match(key, /^simple-im-reference-0\.1\.0-reference-[0-9a-f]{8}$/);
  assert.equal(sutHistoryKey(sut, '/builds/runner-7/0/acme/suts/reference.json'), key, 'another checkout, the same trend');
  assert.notEqual(sutHistoryKey(sut, 'test/data/profiles/reference-udp-ipv4.json'), key, 'another profile of the same client: other scenarios apply');
  assert.notEqual(sutHistoryKey({ ...sut, version: '0.2.0' }, '/work/a/suts/reference.json'), key, 'a new version starts a new trend');
});

test('restoreHistory copies a kept history into the results, replacing what they held, and counts the builds', () => {
  const kept = path.join(tmp(), 'kept');
  writeHistory(kept, trend(7, 6, 5));
  const results = tmp();
  fs.mkdirSync(path.join(results, HISTORY_DIR));
  fs.writeFileSync(path.join(results, HISTORY_DIR, 'stale.json'), '[]');
  const r = restoreHistory(kept, results);
  assert.deepEqual(r.files, [...HISTORY_FILES].sort());
  assert.deepEqual(fs.readdirSync(path.join(results, HISTORY_DIR)).sort(), [...HISTORY_FILES].sort(), 'a shard\'s own history must not mix in');
  assert.equal(fs.readFileSync(path.join(results, HISTORY_DIR, 'history-trend.json'), 'utf8'), trend(7, 6, 5));
  assert.equal(r.nextBuildOrder, 8);
});

test('restoreHistory of no history: a first run, build 1, and no history folder in the results', () => {
  const results = tmp();
  fs.mkdirSync(path.join(results, HISTORY_DIR));
  assert.deepEqual(restoreHistory(path.join(tmp(), 'none'), results), { files: [], nextBuildOrder: 1 });
  assert.equal(fs.existsSync(path.join(results, HISTORY_DIR)), false);
});

test('restoreHistory leaves out a file that is not JSON, and counts trend entries that carry no build order', () => {
  const kept = path.join(tmp(), 'kept');
  writeHistory(kept, trend(undefined, undefined));
  fs.writeFileSync(path.join(kept, 'history.json'), '{"cut off');
  fs.writeFileSync(path.join(kept, 'notes.txt'), 'not Allure');
  const results = tmp();
  const r = restoreHistory(kept, results);
  assert.deepEqual(r.files, ['categories-trend.json', 'duration-trend.json', 'history-trend.json', 'retry-trend.json']);
  assert.equal(r.nextBuildOrder, 3, 'two earlier reports');
});

test('saveHistory keeps the history of a --single-file report, read from its index.html, and only that', () => {
  const report = tmp();
  const files = Object.fromEntries(HISTORY_FILES.map((f) => [`history/${f}`, f === 'history-trend.json' ? trend(3, 2, 1) : '{}']));
  singleFileReport(report, { 'data/test-cases/abc.json': '{"name":"x"}', ...files, 'widgets/history-trend.json': trend(3, 2, 1) });
  const kept = path.join(tmp(), 'history', 'sut');
  fs.mkdirSync(kept, { recursive: true });
  fs.writeFileSync(path.join(kept, 'old.json'), '[]');
  assert.deepEqual(saveHistory(report, kept).sort(), [...HISTORY_FILES].sort());
  assert.deepEqual(fs.readdirSync(kept).sort(), [...HISTORY_FILES].sort(), 'the earlier history is replaced, not merged');
  assert.equal(fs.readFileSync(path.join(kept, 'history-trend.json'), 'utf8'), trend(3, 2, 1));
  assert.deepEqual(fs.readdirSync(path.dirname(kept)), ['sut'], 'no temporary folder left');
});

test('saveHistory keeps the history/ folder of a multi-file report', () => {
  const report = tmp();
  writeHistory(path.join(report, HISTORY_DIR), trend(4));
  fs.writeFileSync(path.join(report, 'index.html'), '<html></html>');
  const kept = path.join(tmp(), 'kept');
  assert.equal(saveHistory(report, kept).length, HISTORY_FILES.length);
  assert.equal(fs.readFileSync(path.join(kept, 'history-trend.json'), 'utf8'), trend(4));
});

test('saveHistory of a report without history leaves the kept one as it was', () => {
  const report = tmp();
  singleFileReport(report, { 'data/test-cases/abc.json': '{}' });
  const kept = path.join(tmp(), 'kept');
  writeHistory(kept);
  assert.deepEqual(saveHistory(report, kept), []);
  assert.deepEqual(saveHistory(path.join(tmp(), 'no-report'), kept), []);
  assert.equal(fs.readFileSync(path.join(kept, 'history-trend.json'), 'utf8'), trend(2, 1));
});

test('reportDataFiles reads the embedded files whose path has the prefix', () => {
  const report = tmp();
  singleFileReport(report, { 'history/history.json': '{"a":1}', 'widgets/summary.json': '{"b":2}' });
  const html = fs.readFileSync(path.join(report, 'index.html'), 'utf8');
  assert.deepEqual([...reportDataFiles(html, 'history/')], [['history/history.json', '{"a":1}']]);
  assert.equal(reportDataFiles(html).size, 2);
});

test('the evidence manifest leaves the kept histories out, so rejudge does not refuse a bundle whose history changed or went', () => {
  const reports = tmp();
  fs.writeFileSync(path.join(reports, 'summary.json'), '{}');
  writeHistory(path.join(reports, 'allure-results', HISTORY_DIR));
  writeHistory(path.join(reports, HISTORY_DIR, 'sut-a'));
  const { manifest } = writeManifest(reports, { suite: { name: 's', version: '1', commit: 'c', digest: 'd' }, strict: false, sut: { name: 'x', version: '1', adapter: 'process', profile: 'p.json' }, waivers: [] });
  const listed = manifest.files.map((f) => f.path);
  assert.ok(listed.includes('allure-results/history/history-trend.json'), 'the history this run\'s report was built from is the run\'s');
  assert.deepEqual(listed.filter((f) => f.startsWith(`${HISTORY_DIR}/`)), []);
  // The next run of another SUT into the folder keeps its own; a copy of the bundle may have none.
  writeHistory(path.join(reports, HISTORY_DIR, 'sut-a'), trend(3, 2, 1));
  writeHistory(path.join(reports, HISTORY_DIR, 'sut-b'));
  assert.deepEqual(verifyManifest(reports).problems, []);
  fs.rmSync(path.join(reports, HISTORY_DIR), { recursive: true });
  assert.deepEqual(verifyManifest(reports).problems, []);
});
