import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { PROJECT_ROOT } from '../../support/project';
import { runConformance } from '../helpers/run-suite';
import { psLive } from '../helpers/process-table';
import { attachmentsOf, type AllureNode } from '../helpers/allure-results';

// A command profile whose rejoin starts the client in the background and returns at once (a
// softphone driven without a control channel): each scenario's client would live 30 s, and the
// shell that started it is gone before the INVITE. The profile records each rejoin's process
// group (its shell's pid) in $PGIDS.

const PROFILE = path.join('test', 'data', 'profiles', 'reference-background-rejoin.json');
/** How long each backgrounded client lives unless the suite ends it (the profile's `sleep 30`). */
const CLIENT_LIFE_MS = 30_000;

/** Every scenario's client-upper-tester.log, from allure-results. */
function clientLogs(reportsDir: string): string[] {
  const dir = path.join(reportsDir, 'allure-results');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('-result.json'))
    .flatMap((f) => attachmentsOf(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as AllureNode))
    .filter((a) => a.name === 'client-upper-tester.log')
    .map((a) => fs.readFileSync(path.join(dir, a.source), 'utf8'));
}

test('a rejoin that backgrounds the client: every group it started is ended at its scenario\'s end, and none holds the run', async (t) => {
  const pgidsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'simple-im-pgids-')), 'pgids');
  const started = Date.now();
  const run = await runConformance({ args: ['--no-html', '--sut', PROFILE], env: { PGIDS: pgidsFile } });
  const tookMs = Date.now() - started;
  t.diagnostic(`the run took ${(tookMs / 1000).toFixed(1)} s`);

  // The clients did their work: a rejoin INVITE from each, the dialog set up.
  const verdict = (id: string) => run.summary.requirements.find((r) => r.id === id)?.verdict;
  assert.equal(verdict('RJ-02'), 'PASS', run.output.slice(-3000));
  assert.equal(verdict('RJ-05'), 'PASS');

  const pgids = fs.readFileSync(pgidsFile, 'utf8').trim().split('\n').map(Number);
  assert.ok(pgids.length >= 10, `one group per rejoin: ${pgids.length}`);
  assert.deepEqual(pgids.flatMap((g) => psLive(g).map((p) => `${g}: ${p}`)), [], 'nothing of any rejoin\'s group is alive after the run');
  const logs = clientLogs(run.reportsDir).join('\n');
  for (const pgid of pgids) assert.match(logs, new RegExp(`\\*\\* \\[rejoin\\] SIGTERM to process group ${pgid}, still running: .*node`), `group ${pgid} was ended by the suite, its client still running`);
  // SIGTERM was enough for every one: no scenario paid the grace before SIGKILL (1 s each), and nothing survived.
  assert.doesNotMatch(logs, /SIGKILL|survived/);

  // Had the suite waited for a client (its scenario's end, or the exit, held by a pipe the
  // client kept open), that scenario, or the time outside the scenarios, would be 30 s or more.
  const junit = fs.readFileSync(path.join(run.reportsDir, 'junit.xml'), 'utf8');
  const scenarioMs = [...junit.matchAll(/<testcase [^>]*time="([\d.]+)"/g)].map((m) => Number(m[1]) * 1000);
  assert.ok(Math.max(...scenarioMs) < CLIENT_LIFE_MS, `the longest scenario took ${Math.max(...scenarioMs)} ms`);
  const outsideMs = tookMs - scenarioMs.reduce((a, b) => a + b, 0);
  assert.ok(outsideMs < CLIENT_LIFE_MS, `the run spent ${outsideMs} ms outside its scenarios`);
});

test('docs/adapters.md shows suts/examples/baresip-dial.json, the backgrounded form of baresip, as the file has it', () => {
  const doc = fs.readFileSync(path.join(PROJECT_ROOT, 'docs', 'adapters.md'), 'utf8');
  const section = /^## A client without a control channel[^\n]*\n([\s\S]*?)(?=^## )/m.exec(doc)?.[1];
  assert.ok(section, 'docs/adapters.md has a section "A client without a control channel"');
  const block = /```json\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(block, 'the section shows the profile as a json block');
  assert.deepEqual(JSON.parse(block), JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'suts', 'examples', 'baresip-dial.json'), 'utf8')));
});
