import type { PlannedRun } from './campaign-plan';
import type { RunRecord } from './campaign-run';

export interface Runner {
  run(run: PlannedRun): Promise<RunRecord>;
  /** The record of a run that is not started. */
  notRun(run: PlannedRun, reason: string): RunRecord;
  /** Whether a finished run stops the campaign (without keepGoing). */
  stops(record: RunRecord): boolean;
  /** Why no further run may start at all (the campaign was interrupted), if so. */
  halted?(): string | undefined;
}

/**
 * The campaign's runs, `jobs` at a time, started in the plan's order; a run that must be alone
 * waits for the others to end and has the machine to itself. Without `keepGoing`, no run starts
 * after one that `stops` the campaign (a FAIL of a gating requirement): the rest are not run,
 * saying why. Records come back in the plan's order; `ended` hears of each as it ends.
 */
export async function scheduleRuns(
  plan: readonly PlannedRun[],
  o: { jobs: number; keepGoing: boolean },
  runner: Runner,
  ended: (record: RunRecord, n: number) => void = () => {},
): Promise<RunRecord[]> {
  const records: RunRecord[] = new Array(plan.length);
  const running = new Set<Promise<void>>();
  let stoppedBy: string | undefined;
  let finished = 0;
  const start = (i: number): void => {
    // A run that throws (its folder cannot be written) is that run's row, not the campaign's end;
    // and a row that cannot even be written is kept in memory.
    const p = runner
      .run(plan[i])
      .catch((e: unknown) => fallback(runner, plan[i], `the campaign could not run it: ${e instanceof Error ? e.message : String(e)}`))
      .then((r) => {
        records[i] = r;
        ended(r, ++finished);
        if (!o.keepGoing && !stoppedBy && runner.stops(r)) stoppedBy = r.slug;
      })
      .finally(() => running.delete(p));
    running.add(p);
  };
  for (let i = 0; i < plan.length; i++) {
    const alone = Boolean(plan[i].alone);
    while (running.size > 0 && (alone || running.size >= o.jobs)) await Promise.race(running);
    const halted = runner.halted?.();
    // A refused profile starts nothing: its row (NO VERDICT, the field to fix) is written all the same.
    if ((halted || stoppedBy) && !plan[i].refused) {
      records[i] = fallback(runner, plan[i], halted ? `not run: ${halted}` : `not run: the campaign stopped after ${stoppedBy} failed a requirement that gates (--continue runs every profile)`);
      ended(records[i], ++finished);
      continue;
    }
    start(i);
    if (alone) await Promise.all(running);
  }
  await Promise.all(running);
  return records;
}

/** The runner's record of a run not run, or, when even that cannot be written, one in memory. */
function fallback(runner: Runner, run: PlannedRun, reason: string): RunRecord {
  try {
    return runner.notRun(run, reason);
  } catch (e) {
    return { ...run, shard: '', finishedAt: new Date().toISOString(), outcome: 'NOT RUN', reason: `${reason} (its row could not be written: ${e instanceof Error ? e.message : String(e)})`, failures: [], exitCode: null, durationMs: 0, files: {} };
  }
}
