/**
 * npm run campaign -- [options] <profile.json | folder>... [-- <cucumber options for every run>]
 *
 * Runs the suite once per SUT profile (an interop event's vendors, a vendor's product line) and
 * writes reports/campaign/index.html (the SUT × requirement matrix), campaign.json (the summaries
 * side by side), one Allure report of every SUT, and each SUT's own reports in runs/<slug>/.
 * docs/campaign.md says how, and how to split a campaign over a CI engine's machines.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import * as path from 'node:path';
import type { Writable } from 'node:stream';
import { assembleCampaign, CAMPAIGN_FILES, clearCampaignOutputs } from '../support/campaign/assemble-campaign';
import { parseShard, planCampaign, profileFiles, shardOf } from '../support/campaign/campaign-plan';
import { campaignOutcome } from '../support/campaign/campaign-matrix';
import { failedGate, LiveRuns, notRun, runOne, type RunRecord, type RunSettings } from '../support/campaign/campaign-run';
import { checkCucumberArgs } from '../support/cli/suite-command';
import { scheduleRuns } from '../support/campaign/schedule-runs';
import { runCommand, runMain } from '../support/cli/run-command';
import { reportsDir, shownPath } from '../support/project';

export interface CampaignOptions {
  jobs: number;
  continue?: boolean;
  shard?: { index: number; total: number };
  out: string;
  html: boolean;
  strict?: boolean;
  /** --run-timeout, seconds; absent: none. */
  runTimeout?: number;
  /** false with --no-loopback-nets: every run keeps its profile's addresses. */
  loopbackNets: boolean;
}

/** The `campaign` command: its options, for `npm run campaign` and the package's bin alike. */
export function campaignCommand(runArgs: readonly string[], io: { stdout: Writable; stderr: Writable } = process, done: (code: number) => void = (code) => (process.exitCode = code)): Command {
  return new Command('campaign')
    .description('run the suite once per SUT profile (--jobs N side by side, --continue, --shard i/n) and write the SUT × requirement matrix (docs/campaign.md)')
    .argument('<profiles...>', 'SUT profile files, or folders of them (their *.json files)')
    .option('-j, --jobs <n>', 'runs side by side, each in a loopback /24 of its own', positiveInteger, 1)
    .option('--continue', 'run every profile, even after a SUT fails a SHALL (by default the campaign starts no new run after one does)')
    .option('--shard <i/n>', 'run only shard i of n (every n-th profile from the i-th), for a CI matrix; merge the shards with campaign-merge (npm run campaign:merge)', shardValue)
    .addOption(new Option('--out <dir>', 'where the campaign writes').default(path.join(reportsDir(), 'campaign'), 'campaign/ in the reports folder (REPORTS_DIR, else ./reports)'))
    .option('--no-html', 'no Allure HTML reports (neither each SUT’s nor the campaign’s); the matrix is still written')
    .option('--strict', 'MAY and robustness results gate too, for every SUT')
    .option('--run-timeout <seconds>', 'stop a run still going after this long (with what it started): its row is NO VERDICT; not for a manual client', positiveInteger)
    .option('--no-loopback-nets', 'every run keeps its profile’s addresses (side by side, runs then differ by port only): for clients configured in files of their own')
    .addHelpText('after', '\nAfter a "--", options go to every run (Cucumber options such as --tags @req:RJ-02).\nExit code: 0 every SUT is compliant; 1 a SUT is not; 2 none is not compliant but a SUT has no verdict or did not run, or a usage error.')
    .action(async (profiles: string[], options: CampaignOptions) => done(await runCampaign(profiles, options, [...runArgs], io)));
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number of 1 or more');
  return n;
}

function shardValue(value: string): { index: number; total: number } {
  const shard = parseShard(value);
  if ('problem' in shard) throw new InvalidArgumentError(shard.problem);
  return shard;
}

/** Options of the suite's own that a campaign sets for each run itself: after its "--" they would override the profile's. */
const CAMPAIGN_SETS = ['--sut', '--strict', '--no-html', '--help', '-h', '--help-cucumber', '--version'];

/** Why the options for every run cannot be given to them, or undefined. */
export function runArgsProblem(runArgs: readonly string[]): string | undefined {
  const own = runArgs.find((a) => CAMPAIGN_SETS.includes(a.split('=')[0]));
  if (own) return `${own} after "--" is the campaign's to set for each run (give --strict, --no-html to the campaign; each profile is its run's --sut)`;
  const cucumber = checkCucumberArgs(runArgs);
  return cucumber ? cucumber.output.split('\n')[0] || 'Cucumber refuses the options after "--"' : undefined;
}

/** A campaign as the command runs it; resolves to its exit code. */
export async function runCampaign(profileArgs: string[], o: CampaignOptions, runArgs: string[], io: { stdout: Writable; stderr: Writable }): Promise<number> {
  const log = (line: string): void => void io.stdout.write(`${line}\n`);
  const problem = runArgsProblem(runArgs);
  if (problem) {
    io.stderr.write(`error: ${problem}\n`);
    return 2;
  }
  const files = profileFiles(profileArgs);
  if (files.length === 0) {
    io.stderr.write(`error: ${profileArgs.join(', ')} holds no profile (*.json): a campaign of nothing judges nothing\n`);
    return 2;
  }
  const started = Date.now();
  const outDir = path.resolve(o.out);
  clearCampaignOutputs(outDir);
  const plan = planCampaign(files, undefined, { ownNets: o.loopbackNets });
  const mine = o.shard ? shardOf(plan, o.shard) : plan;
  const shard = o.shard ? `${o.shard.index}/${o.shard.total}` : '1/1';
  const live = new LiveRuns();
  const settings: RunSettings = {
    runsDir: path.join(outDir, 'runs'),
    args: [...(o.html ? [] : ['--no-html']), ...(o.strict ? ['--strict'] : []), ...runArgs],
    strict: Boolean(o.strict),
    shard,
    timeoutMs: (o.runTimeout ?? 0) * 1000,
    live,
  };
  log(`Campaign: ${mine.length} profile(s)${o.shard ? ` (shard ${o.shard.index}/${o.shard.total} of ${plan.length})` : ''}, ${o.jobs} at a time, into ${shownPath(outDir)}`);
  for (const run of mine) {
    if (run.refused) log(`  ${run.slug}: cannot be run: ${run.refused}`);
    else if (run.alone) log(`  ${run.slug}: runs alone: ${run.alone}`);
    else if (run.keepsAddresses) log(`  ${run.slug}: keeps its addresses: ${run.keepsAddresses}`);
  }
  // The runs lead process groups of their own (a run's timeout stops what it started), so the
  // terminal's Ctrl-C does not reach them: the campaign stops them, and writes what ended.
  let interrupted: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted) return void live.signal('SIGKILL');
    interrupted = signal;
    log(`${signal}: stopping ${live.signal('SIGTERM')} run(s) under way and starting no other; the matrix is written with what ended (again: kill them)`);
    setTimeout(() => live.signal('SIGKILL'), 5000).unref();
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  let records: RunRecord[];
  try {
    records = await scheduleRuns(mine, { jobs: o.jobs, keepGoing: Boolean(o.continue) }, {
      run: (r) => runOne(r, settings),
      notRun: (r, reason) => notRun(r, settings, reason),
      stops: (r) => failedGate(r, settings),
      halted: () => (interrupted ? `the campaign was interrupted (${interrupted})` : undefined),
    }, (r, n) => {
      log(`[${n}/${mine.length} done] ${r.slug}${r.loopbackNet ? ` (${r.loopbackNet}.0/24)` : ''}: ${r.outcome}${r.durationMs ? ` in ${(r.durationMs / 1000).toFixed(1)} s` : ''}${r.outcome === 'COMPLIANT' ? '' : ` (${r.reason.slice(0, 300)})`}`);
    });
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  }
  const { campaign, allure } = assembleCampaign(outDir, {
    planned: plan.map(({ slug, profile }) => ({ slug, profile })),
    shards: [shard],
    strict: Boolean(o.strict),
    runArgs,
    records,
    html: o.html,
    ...(o.shard ? { skipReport: 'a shard leaves it to campaign:merge' } : {}),
  });
  const shown = shownPath(outDir);
  log(`Matrix: ${path.join(shown, CAMPAIGN_FILES.html)}   JSON: ${path.join(shown, CAMPAIGN_FILES.json)}   Allure: ${allure}`);
  // A shard's matrix has rows for the other shards' profiles (NOT RUN): it gates on its own runs, the merge on all.
  const own = o.shard ? campaignOutcome(records.map((r) => r.outcome)) : campaign;
  log(`${o.shard ? `Shard ${shard}` : 'Campaign'} ${own.outcome} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${records.map((r) => `${r.slug} ${r.outcome}`).join(', ')}`);
  return interrupted ? 2 : own.exitCode;
}

/**
 * A command line split at its first "--": the campaign's own part, and the options for every run.
 * Commander would take what follows "--" for more profiles.
 */
export function splitRunArgs(argv: readonly string[]): { own: string[]; runArgs: string[] } {
  const at = argv.indexOf('--');
  return at >= 0 ? { own: argv.slice(0, at), runArgs: argv.slice(at + 1) } : { own: [...argv], runArgs: [] };
}

/** argv as `npm run campaign --` gives it; resolves to the exit code (2 for a usage error). */
export async function campaign(argv: string[], io: { stdout: Writable; stderr: Writable } = process): Promise<number> {
  const { own, runArgs } = splitRunArgs(argv);
  let code = 2;
  return runCommand(campaignCommand(runArgs, io, (c) => (code = c)), own, io, () => code);
}

if (require.main === module) runMain(() => campaign(process.argv.slice(2)));
