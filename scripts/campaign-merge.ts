/**
 * npm run campaign:merge -- [--out <dir>] [--no-html] <shard folder>...
 *
 * Merges the outputs of a campaign's shards (each the folder a `campaign --shard i/n` wrote, as a
 * CI engine's jobs upload them) into one campaign folder: each shard's runs copied into runs/,
 * then the one matrix (index.html, campaign.json) and the one Allure report, written as an
 * unsharded campaign writes them (support/campaign/assemble-campaign.ts).
 */
import { Command, Option } from 'commander';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Writable } from 'node:stream';
import { assembleCampaign, CAMPAIGN_FILES, clearCampaignOutputs } from '../support/campaign/assemble-campaign';
import type { Campaign } from '../support/campaign/campaign-matrix';
import { RUN_NAME } from '../support/campaign/campaign-plan';
import { readRunRecord, type RunRecord } from '../support/campaign/campaign-run';
import { runCommand, runMain } from '../support/cli/run-command';
import { reportsDir, shownPath } from '../support/project';

export interface MergeOptions {
  out: string;
  html: boolean;
}

/** Why shards cannot make one campaign, or the records to assemble from. */
export function collectShards(shardDirs: readonly string[], outDir: string): { problem: string } | { planned: Campaign['planned']; shards: string[]; strict: boolean; runArgs: string[]; records: RunRecord[]; withoutHtml?: string } {
  const shards: Array<{ dir: string; campaign: Campaign }> = [];
  for (const dir of shardDirs) {
    const file = path.join(dir, CAMPAIGN_FILES.json);
    try {
      shards.push({ dir, campaign: JSON.parse(fs.readFileSync(file, 'utf8')) as Campaign });
    } catch (e) {
      return { problem: `${file} cannot be read (${(e as Error).message}): a shard is the folder a campaign --shard wrote` };
    }
  }
  if (shards.length === 0) return { problem: 'no shard folder given' };
  const [first] = shards;
  for (const s of shards.slice(1)) {
    // One matrix, one judge: shards of other suite versions, or judged with and without --strict, are not one campaign.
    if (s.campaign.suite.digest !== first.campaign.suite.digest) return { problem: `${s.dir} was judged by another suite (digest ${s.campaign.suite.digest.slice(0, 12)}…, ${first.dir}'s ${first.campaign.suite.digest.slice(0, 12)}…)` };
    if (s.campaign.strict !== first.campaign.strict) return { problem: `${s.dir} ran ${s.campaign.strict ? 'with' : 'without'} --strict, ${first.dir} ${first.campaign.strict ? 'with' : 'without'}` };
    const args = (c: Campaign): string => JSON.stringify(c.runArgs ?? []);
    if (args(s.campaign) !== args(first.campaign)) return { problem: `${s.dir} gave its runs ${args(s.campaign)}, ${first.dir} ${args(first.campaign)}: one matrix needs one selection` };
  }
  const planned = plannedOf(shards);
  if ('problem' in planned) return planned;
  // Every shard is checked before anything is copied: a refused merge leaves --out as it was.
  const runs: Array<{ source: string; record: RunRecord }> = [];
  const from = new Map<string, string>();
  for (const s of shards) {
    for (const row of s.campaign.rows.filter((r) => r.shard !== undefined)) {
      // A shard's folder was written by a job that ran a vendor's code: its names must stay names.
      if (!RUN_NAME.test(row.slug)) return { problem: `${s.dir} names a run "${row.slug}", not a run's name` };
      const other = from.get(row.slug);
      if (other) return { problem: `${row.slug} was run by two shards (${other} and ${s.dir})` };
      from.set(row.slug, s.dir);
      const source = path.join(s.dir, 'runs', row.slug);
      const record = readRunRecord(source);
      if (!record) return { problem: `${source} holds no campaign-run.json: the shard's folder is incomplete` };
      if (record.slug !== row.slug) return { problem: `${source}/campaign-run.json is the record of "${record.slug}", not of "${row.slug}"` };
      runs.push({ source, record });
    }
  }
  for (const { source, record } of runs) {
    const target = path.join(outDir, 'runs', record.slug);
    if (path.resolve(source) === path.resolve(target)) continue;
    fs.rmSync(target, { recursive: true, force: true });
    fs.cpSync(source, target, { recursive: true });
  }
  const records = runs.map((r) => r.record);
  // A run with --no-html left its Allure results as Cucumber wrote them (no N/A as skipped, no matrix): no report from those.
  const withoutHtml = shards.find((s) => s.campaign.html === false);
  return { planned: planned.planned, shards: shards.flatMap((s) => s.campaign.shards), strict: first.campaign.strict, runArgs: first.campaign.runArgs ?? [], records, ...(withoutHtml ? { withoutHtml: `shard ${withoutHtml.dir} ran with --no-html` } : {}) };
}

/**
 * The merged campaign's profiles: the shards' one plan when they are shards of one campaign
 * (--shard i/n), else the union of their plans when no profile is in two (a CI matrix with one
 * job per profile), in the order the shards are given.
 */
function plannedOf(shards: ReadonlyArray<{ dir: string; campaign: Campaign }>): { planned: Campaign['planned'] } | { problem: string } {
  const first = shards[0].campaign.planned;
  if (shards.every((s) => JSON.stringify(s.campaign.planned) === JSON.stringify(first))) return { planned: [...first] };
  const planned: Campaign['planned'] = [];
  const owner = new Map<string, string>();
  for (const s of shards) {
    for (const p of s.campaign.planned) {
      const clash = owner.get(p.slug);
      if (clash) return { problem: `${s.dir} and ${clash} both plan "${p.slug}", but their profile lists differ: shards of one campaign (--shard i/n) have the same list, one-profile jobs each their own profile (a name given twice needs --shard)` };
      owner.set(p.slug, s.dir);
      planned.push(p);
    }
  }
  return { planned };
}

export function campaignMergeCommand(io: { stdout: Writable; stderr: Writable } = process, done: (code: number) => void = (code) => (process.exitCode = code)): Command {
  return new Command('campaign-merge')
    .alias('campaign:merge')
    .description('merge the folders of a campaign\'s shards into one matrix and one Allure report (docs/campaign.md)')
    .argument('<shards...>', 'the folders the shards wrote (each with its campaign.json and runs/)')
    .addOption(new Option('--out <dir>', 'where the merged campaign goes').default(path.join(reportsDir(), 'campaign'), 'campaign/ in the reports folder (REPORTS_DIR, else ./reports)'))
    .option('--no-html', 'no Allure HTML report; the matrix is still written')
    .addHelpText('after', '\nExit code: as the campaign\'s (0 every SUT compliant, 1 a SUT is not, 2 a SUT has no verdict or no shard ran it), 2 when the shards are not one campaign.')
    .action((shardDirs: string[], o: MergeOptions) => done(merge(shardDirs, o, io)));
}

export function merge(shardDirs: readonly string[], o: MergeOptions, io: { stdout: Writable; stderr: Writable }): number {
  const outDir = path.resolve(o.out);
  const collected = collectShards(shardDirs, outDir);
  if ('problem' in collected) {
    io.stderr.write(`campaign:merge: ${collected.problem}\n`);
    return 2;
  }
  // Only after the shards are read: the out folder may be one of them.
  clearCampaignOutputs(outDir);
  const { withoutHtml, ...rest } = collected;
  const skipReport = withoutHtml ?? (o.html ? undefined : '--no-html');
  const { campaign, allure } = assembleCampaign(outDir, { ...rest, html: !withoutHtml, ...(skipReport ? { skipReport } : {}) });
  const shown = shownPath(outDir);
  io.stdout.write(`Merged ${shardDirs.length} shard(s) (${collected.shards.join(', ')}): ${campaign.rows.length} SUT(s).\nMatrix: ${path.join(shown, CAMPAIGN_FILES.html)}   JSON: ${path.join(shown, CAMPAIGN_FILES.json)}   Allure: ${allure}\n`);
  io.stdout.write(`Campaign ${campaign.outcome}: ${campaign.rows.map((r) => `${r.slug} ${r.outcome}`).join(', ')}\n`);
  return campaign.exitCode;
}

/** argv as `npm run campaign:merge --` gives it; resolves to the exit code. */
export async function campaignMerge(argv: string[], io: { stdout: Writable; stderr: Writable } = process): Promise<number> {
  let code = 2;
  return runCommand(campaignMergeCommand(io, (c) => (code = c)), argv, io, () => code);
}

if (require.main === module) runMain(() => campaignMerge(process.argv.slice(2)));
