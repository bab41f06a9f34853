import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PlannedRun } from '../../support/campaign/campaign-plan';
import type { RunRecord } from '../../support/campaign/campaign-run';
import { scheduleRuns, type Runner } from '../../support/campaign/schedule-runs';

const planned = (slug: string, alone = false): PlannedRun => ({ slug, profile: `${slug}.json`, ...(alone ? { alone: 'a manual client' } : {}) });
const rec = (run: PlannedRun, outcome: RunRecord['outcome'], reason = ''): RunRecord => ({ ...run, shard: '1/1', outcome, reason, failures: [], exitCode: null, durationMs: 0, finishedAt: '1970-01-01T00:00:00.000Z', files: {} });

/** Fake runs that end when the test says, noting who ran beside whom. */
function fakeRunner(outcomes: Record<string, RunRecord['outcome']> = {}, throws: string[] = []): Runner & { log: string[]; beside: Map<string, string[]>; most: () => number; finish: (slug: string) => void } {
  const live = new Set<string>();
  const waiting = new Map<string, () => void>();
  const log: string[] = [];
  const beside = new Map<string, string[]>();
  let most = 0;
  return {
    log,
    beside,
    most: () => most,
    finish: (slug) => waiting.get(slug)?.(),
    async run(run) {
      beside.set(run.slug, [...live]);
      for (const other of live) beside.get(other)!.push(run.slug);
      live.add(run.slug);
      most = Math.max(most, live.size);
      log.push(`start ${run.slug}`);
      await new Promise<void>((resolve) => waiting.set(run.slug, resolve));
      live.delete(run.slug);
      if (throws.includes(run.slug)) throw new Error('disk full');
      return rec(run, outcomes[run.slug] ?? 'COMPLIANT');
    },
    notRun: (run, reason) => rec(run, 'NOT RUN', reason),
    stops: (r) => r.outcome === 'NOT COMPLIANT',
  };
}

/** Lets the scheduler go on until it waits on a run again. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function drive(runner: ReturnType<typeof fakeRunner>, order: string[], done: Promise<RunRecord[]>): Promise<RunRecord[]> {
  for (const slug of order) {
    await settle();
    runner.finish(slug);
  }
  return done;
}

test('at most `jobs` runs at a time, a run that must be alone with nothing beside it, records in the plan’s order', async () => {
  const runner = fakeRunner();
  const plan = [planned('a'), planned('b'), planned('c'), planned('m', true), planned('d')];
  const records = await drive(runner, ['a', 'b', 'c', 'm', 'd'], scheduleRuns(plan, { jobs: 2, keepGoing: true }, runner));
  assert.deepEqual(records.map((r) => r.slug), ['a', 'b', 'c', 'm', 'd']);
  assert.deepEqual(runner.beside.get('m'), [], 'the manual client ran alone');
  assert.ok(!runner.beside.get('d')!.includes('m'));
  assert.equal(runner.most(), 2, 'two at a time, never more');
});

test('without keepGoing no run starts after a FAIL; the rest are NOT RUN saying who stopped it; with it every one runs', async () => {
  const outcomes = { a: 'NOT COMPLIANT' as const };
  const stopping = fakeRunner(outcomes);
  const records = await drive(stopping, ['a'], scheduleRuns([planned('a'), planned('b'), planned('c')], { jobs: 1, keepGoing: false }, stopping));
  assert.deepEqual(records.map((r) => r.outcome), ['NOT COMPLIANT', 'NOT RUN', 'NOT RUN']);
  assert.match(records[1].reason, /stopped after a failed .*--continue/);
  assert.deepEqual(stopping.log, ['start a']);
  const going = fakeRunner(outcomes);
  const all = await drive(going, ['a', 'b', 'c'], scheduleRuns([planned('a'), planned('b'), planned('c')], { jobs: 1, keepGoing: true }, going));
  assert.deepEqual(all.map((r) => r.outcome), ['NOT COMPLIANT', 'COMPLIANT', 'COMPLIANT']);
});

test('a run that throws is its own row; the campaign goes on', async () => {
  const runner = fakeRunner({}, ['a']);
  const records = await drive(runner, ['a', 'b'], scheduleRuns([planned('a'), planned('b')], { jobs: 1, keepGoing: false }, runner));
  assert.deepEqual(records.map((r) => [r.outcome, r.reason]), [['NOT RUN', 'the campaign could not run it: disk full'], ['COMPLIANT', '']]);
});

test('a refused profile keeps its own row (NO VERDICT, the field to fix) in a campaign that stopped', async () => {
  const runner = fakeRunner({ a: 'NOT COMPLIANT', refused: 'NO VERDICT' });
  const plan = [planned('a'), { ...planned('refused'), refused: 'field "ics.transports" must be …' }, planned('c')];
  const records = await drive(runner, ['a', 'refused'], scheduleRuns(plan, { jobs: 1, keepGoing: false }, runner));
  assert.deepEqual(records.map((r) => r.outcome), ['NOT COMPLIANT', 'NO VERDICT', 'NOT RUN']);
});
