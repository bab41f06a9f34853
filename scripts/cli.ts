/**
 * simple-im-conformance [options] [cucumber options]   (bin/simple-im-conformance.js)
 *
 * The installed suite's command: a run as `npm run conformance` does it (scripts/conformance.ts,
 * the same options: support/cli/suite-command.ts), and the subcommands below. Exit codes are the
 * run's (0 compliant, 1 not, 2 no verdict) or the subcommand's; a usage error is 2.
 */
import type { Command } from 'commander';
import { printCucumberHelp, suiteCommand, type SuiteOptions } from '../support/cli/suite-command';
import { campaignCommand, splitRunArgs } from './campaign';
import { campaignMergeCommand } from './campaign-merge';
import { runConformance } from './conformance';
import { rejudgeCommand } from './rejudge';
import { runCommand, runMain } from '../support/cli/run-command';

/**
 * The command with its subcommands; each action sets process.exitCode. `campaignRunArgs`: what
 * followed a "--" after `campaign` (options for every run), split off before commander parses.
 */
export function cliProgram(campaignRunArgs: readonly string[] = []): Command {
  const program = suiteCommand().action(async (_cucumber: string[], options: SuiteOptions, command: Command) => {
    process.exitCode = options.helpCucumber ? printCucumberHelp() : await runConformance(options, command.args);
  });

  // ---- Subcommands: add each here with addSubcommand(program, command) --------------------------
  // A subcommand is a commander Command exported by its script (scripts/rejudge.ts rejudgeCommand;
  // campaign and campaign-merge from scripts/campaign.ts and scripts/campaign-merge.ts). Its action
  // sets process.exitCode; its options come after its name (enablePositionalOptions).
  addSubcommand(program, rejudgeCommand());
  addSubcommand(program, campaignCommand(campaignRunArgs));
  addSubcommand(program, campaignMergeCommand());
  // ---- end of subcommands -------------------------------------------------------------------------

  return program;
}

/** A subcommand's usage error, like the run's, prints one line and exits 2 (commander's default exits 1). */
export function addSubcommand(program: Command, command: Command): void {
  command.exitOverride();
  program.addCommand(command);
}

export async function main(argv: string[]): Promise<number> {
  // Commander would take what follows a campaign's "--" for more profiles (scripts/campaign.ts).
  const { own, runArgs } = argv[0] === 'campaign' ? splitRunArgs(argv) : { own: argv, runArgs: [] };
  return runCommand(cliProgram(runArgs), own, process, () => Number(process.exitCode ?? 0));
}

if (require.main === module) runMain(() => main(process.argv.slice(2)));
