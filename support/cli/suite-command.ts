import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { Writable } from 'node:stream';
import { ArgvParser } from '@cucumber/cucumber/lib/configuration/index';
import { Command, CommanderError, Help } from 'commander';
import { SUITE } from '../project';

/** The suite's own options; everything else on the command line is Cucumber's. */
export interface SuiteOptions {
  /** --sut: the SUT profile, as given (resolved against the folder the suite is run from). */
  sut?: string;
  /** --no-html turns it off. */
  html: boolean;
  strict?: boolean;
  helpCucumber?: boolean;
}

/** What a command line asks for: a run, or an exit (help printed, or a usage error printed). */
export type ParsedArgs = { options: SuiteOptions; cucumberArgs: string[] } | { exitCode: number };

export interface CommandIo {
  stdout: Writable;
  stderr: Writable;
}

/** A variable the suite reads, as --help lists it; `also`, the others the same line covers. */
export interface EnvironmentVariable {
  name: string;
  what: string;
  also?: readonly string[];
}

/** The variables the suite reads (process.env in support/ and the run scripts), as --help lists them. */
export const ENVIRONMENT: readonly EnvironmentVariable[] = [
  { name: 'SUT_PROFILE', what: 'the SUT profile when --sut is not given' },
  { name: 'REPORTS_DIR', what: 'where the reports go (default: reports, in the folder the suite is run from)' },
  { name: 'IM_CLIENT_FAULTS', what: "the bundled reference client's fault switches (comma-separated, docs/upper-tester.md section 6): it breaks on purpose, and the PCTR says so" },
  { name: 'CI', what: 'set and not "false": Cucumber\'s progress dots instead of the progress line; "true" or "1" also refuses the manual adapter' },
  { name: 'SPEC_URL', what: "where the report's clause links point (default: OMA's SIMPLE IM release page)" },
  { name: 'SUITE_LOOPBACK_NET', what: "a loopback /24 of the run's own, e.g. 127.3.0: the test bed and the client keep their last octet (a campaign gives each run one; docs/campaign.md)" },
  {
    name: 'BUILD_URL',
    what: "the CI build the Allure report's executor names, read with the engine's own variables: GitHub Actions' GITHUB_*, GitLab's GITLAB_CI and CI_*, Jenkins' JENKINS_URL, JOB_NAME, BUILD_NUMBER",
    also: ['GITHUB_ACTIONS', 'GITHUB_RUN_ID', 'GITHUB_SERVER_URL', 'GITHUB_REPOSITORY', 'GITHUB_RUN_ATTEMPT', 'GITHUB_RUN_NUMBER', 'GITHUB_WORKFLOW', 'GITHUB_JOB', 'GITLAB_CI', 'CI_JOB_ID', 'CI_JOB_NAME', 'CI_PIPELINE_URL', 'CI_JOB_URL', 'CI_PIPELINE_IID', 'JENKINS_URL', 'JENKINS_HOME', 'JOB_NAME', 'BUILD_NUMBER'],
  },
  { name: 'USER', what: "who ran the suite, for the report's executor (else USERNAME, else LOGNAME)", also: ['USERNAME', 'LOGNAME'] },
];

/**
 * The suite's command: its options and help, Cucumber's options passed through. The caller adds
 * the action (and, for the bin, the subcommands). Help and usage errors go to `io` and throw a
 * CommanderError (exitOverride) instead of ending the process, so a run inside another process
 * (scripts/conformance-batch.ts) survives them.
 */
export function suiteCommand(io: CommandIo = process): Command {
  const program = new Command(SUITE.name)
    .usage('[options] [cucumber options and feature paths]')
    .description(
      `Judges an IM Client against OMA SIMPLE IM 7.1.1.9 (${SUITE.name} ${SUITE.version}). Writes the reports ` +
        '(summary.json, junit.xml, pctr.md and pctr.html, evidence/, allure-report/) and exits 0 when every applicable ' +
        'SHALL requirement passes, 1 when one does not, 2 when the run gave no verdict (a usage error, a bad profile, ' +
        'a crash, a selection of no scenario). From a clone of the suite: npm run conformance -- [options].',
    )
    .option('--sut <profile.json>', 'the SUT profile of the client to judge, relative to the folder the suite is run from (default: SUT_PROFILE, else the bundled reference client, suts/reference.json)')
    .option('--no-html', "skip the Allure HTML report and remove an earlier run's (the JUnit, JSON, PCTR and evidence are still written)")
    .option('--strict', "MAY and robustness results gate too (the suite's option: Cucumber's own --strict is on by default)")
    .option('--help-cucumber', "print Cucumber's own options, which pass through")
    .version(`${SUITE.name} ${SUITE.version}`, '--version', "print the suite's name and version")
    .helpOption('-h, --help', 'print this help')
    // Cucumber's options and feature paths: commander keeps them, in order, in command.args.
    .argument('[cucumber...]')
    .allowUnknownOption()
    // A subcommand's options are its own, not the run's (a subcommand may have a --strict too).
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: (s) => void io.stdout.write(s), writeErr: (s) => void io.stderr.write(s) })
    .configureHelp({
      // No "Arguments:" block for [cucumber...]: the text after the environment says what passes through.
      visibleArguments: () => [],
      // The environment is laid out and wrapped as the options are.
      formatHelp: (cmd, helper) => {
        const width = Math.max(helper.padWidth(cmd, helper), ...ENVIRONMENT.map((v) => v.name.length));
        const environment = ENVIRONMENT.map((v) => helper.formatItem(v.name, width, v.what, helper));
        return `${Help.prototype.formatHelp.call(helper, cmd, helper)}\n${['Environment:', ...environment].join('\n')}\n`;
      },
    })
    .addHelpText(
      'after',
      [
        '',
        'Cucumber options and feature paths pass through to Cucumber, unchanged and in',
        'order. For example:',
        '  --tags @req:RJ-02     only RJ-02 (the others are N/A, "not selected in this run")',
        '  --parallel 2          two scenarios at a time',
        "  features/rejoin/request-uri.feature   one feature: the suite's, from its folder",
        `${SUITE.name} --help-cucumber lists them all. More: README.md, docs/adapters.md.`,
      ].join('\n'),
    );
  return program;
}

/**
 * The command line of one run, as conformance(argv) takes it: the suite's options and the
 * arguments for Cucumber (in their order), or the exit code when help was printed (0) or the
 * command line is wrong (2, after one line saying why).
 */
export function parseSuiteArgs(argv: readonly string[], io: CommandIo = process): ParsedArgs {
  const program = suiteCommand(io);
  try {
    program.parse([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return { exitCode: exitCodeOf(e) };
    throw e;
  }
  const options = program.opts<SuiteOptions>();
  if (options.helpCucumber) return { exitCode: printCucumberHelp(io) };
  return { options, cucumberArgs: program.args };
}

/** Help and --version end with 0; any other commander error is a usage error, 2 as for a bad profile. */
export function exitCodeOf(e: CommanderError): number {
  return e.exitCode === 0 ? 0 : 2;
}

/**
 * Cucumber's own --help. Its argument parser prints and calls process.exit itself, so it runs in
 * a child process (only for this option): the run's process, or a batch of runs, must go on.
 */
export function printCucumberHelp(io: CommandIo = process): number {
  const bin = path.join(path.dirname(require.resolve('@cucumber/cucumber/package.json')), 'bin', 'cucumber.js');
  const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
  if (help.status !== 0) {
    io.stderr.write(`Cucumber's help could not be printed: ${help.error?.message ?? help.stderr}\n`);
    return 2;
  }
  io.stdout.write(
    `Cucumber's options, as its own help gives them: give them to ${SUITE.name} as they\n` +
      `are (in a clone: npm run conformance -- …). Its --strict is the suite's (--help); the\n` +
      `suite sets --format and --require itself (cucumber.js).\n\n${help.stdout}`,
  );
  return 0;
}

/** Cucumber's parser ended the process: what it would have printed and the code. */
class CucumberExit extends Error {
  constructor(readonly code: number) {
    super(`cucumber exit ${code}`);
  }
}

/**
 * The arguments for Cucumber checked as Cucumber's own parser reads them, before the run. On a
 * bad option it prints and calls process.exit(1), which here would read as "not compliant"; so
 * that parse runs first with process.exit and the output held (it is synchronous: nothing else
 * runs meanwhile), and its complaint becomes the run's one-line usage error, exit code 2. One
 * that only prints (-v, Cucumber's version) exits 0 with what it printed.
 */
export function checkCucumberArgs(args: readonly string[]): { exitCode: number; output: string } | undefined {
  const saved = { exit: process.exit, out: process.stdout.write, err: process.stderr.write };
  let output = '';
  const hold = ((chunk: string | Uint8Array) => ((output += String(chunk)), true)) as typeof process.stdout.write;
  process.exit = ((code?: number) => {
    throw new CucumberExit(code ?? 0);
  }) as typeof process.exit;
  process.stdout.write = hold;
  process.stderr.write = hold;
  try {
    ArgvParser.parse([process.execPath, 'cucumber-js', ...args]);
    return undefined;
  } catch (e) {
    if (e instanceof CucumberExit) return { exitCode: e.code === 0 ? 0 : 2, output: output.trim() };
    // Its own checks throw (--parallel x, bad JSON for --format-options).
    return { exitCode: 2, output: `error: ${(e as Error).message}` };
  } finally {
    process.exit = saved.exit;
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
  }
}
