/**
 * npm run conformance [-- --sut <profile.json>] [--no-html] [--strict] [cucumber options such as --tags, --parallel 2]
 * (installed: simple-im-conformance [options], bin/simple-im-conformance.js; --help lists the options)
 *
 * Runs the features against the client of the SUT profile (the reference client by default),
 * writes reports/junit.xml, reports/summary.json, reports/pctr.md and reports/pctr.html (the
 * conformance test report) and reports/allure-report/index.html, prints
 * the compliance matrix and exits 0 only when every applicable SHALL passes.
 */
import { loadConfiguration, runCucumber, type ISupportCodeLibrary } from '@cucumber/cucumber/api';
import Cli from '@cucumber/cucumber/lib/cli/index';
import { ArgvParser } from '@cucumber/cucumber/lib/configuration/index';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Writable } from 'node:stream';
import { writeManifest } from '../support/evidence/manifest';
import { EVIDENCE_DIR } from '../support/evidence/scenario-evidence';
import { INSTALLED, PROJECT_ROOT, projectPath, reportsDir, RUN_DIR_VARIABLE, shownPath } from '../support/project';
import { suiteIdentity, suiteStamp } from '../support/report/suite-identity';
import { generateAllureHtml, javaAvailable, keepClauseAsFeature } from '../support/report/allure-html';
import { HISTORY_DIR, restoreHistory, saveHistory, sutHistoryKey } from '../support/report/allure-history';
import { writeOverview } from '../support/report/allure-overview';
import { alignStatusWithVerdict } from '../support/report/allure-status';
import { writeMatrixResult } from '../support/report/matrix-result';
import { matrixText } from '../support/report/matrix-text';
import { PCTR_FILES, writePctr } from '../support/report/pctr';
import { gateFailures, notCovered, notSelected, type Summary } from '../support/report/summary';
import { checkCucumberArgs, parseSuiteArgs, type SuiteOptions } from '../support/cli/suite-command';
import { manualRefusal } from '../support/sut/manual-adapter';
import { loadSutProfile, SutProfileError } from '../support/sut/sut-profile';
import { runMain } from '../support/cli/run-command';

/** Where a run writes; a batch of runs in one process (scripts/conformance-batch.ts) gives each its own. */
export interface RunIo {
  stdout: Writable;
  stderr: Writable;
  /**
   * Cucumber's support code, loaded once by a process that does many runs in a row; without it
   * Cucumber loads the support code itself, as its own CLI does.
   */
  support?: ISupportCodeLibrary;
}

const PROCESS_IO: RunIo = { stdout: process.stdout, stderr: process.stderr };

/** One run of the suite, as `npm run conformance` does it; resolves to the exit code. */
export async function conformance(argv: string[], io: RunIo = PROCESS_IO): Promise<number> {
  const parsed = parseSuiteArgs(argv, io);
  if ('exitCode' in parsed) return parsed.exitCode;
  return runConformance(parsed.options, parsed.cucumberArgs, io);
}

/** The run of a parsed command line: the suite's options, and Cucumber's arguments in their order. */
export async function runConformance(options: SuiteOptions, args: string[], io: RunIo = PROCESS_IO): Promise<number> {
  const started = Date.now();
  const log = (line: string): void => void io.stdout.write(`${line}\n`);
  const error = (line: string): void => void io.stderr.write(`${line}\n`);
  // One line that says what is wrong: no usage block after it (--help has that).
  const usage = (problem: string): number => {
    error(problem);
    return 2;
  };
  if (options.sut === '') return usage('--sut needs a profile file');
  const cucumberProblem = checkCucumberArgs(args);
  if (cucumberProblem) {
    if (cucumberProblem.exitCode === 0) log(cucumberProblem.output);
    else error(`${cucumberProblem.output} (Cucumber's options: --help-cucumber)`);
    return cucumberProblem.exitCode;
  }
  // --sut, REPORTS_DIR and a vendor profile's relative command are the run folder's; Cucumber's
  // workers start in the project folder, so they are told it (support/project.ts runDir()).
  process.env[RUN_DIR_VARIABLE] ||= process.cwd();
  if (options.sut) process.env.SUT_PROFILE = path.resolve(options.sut);
  // --no-html: only the JUnit and JSON reports, for quick runs and the project's own tests.
  const noHtml = !options.html;
  // --strict: MAY and robustness results gate too (for a client that wants to be judged on them).
  const strict = Boolean(options.strict);
  // Before anything can stop the run: an earlier run's reports must not pass for this one's.
  const reports = reportsDir();
  const results = path.join(reports, 'allure-results');
  // Old results would show up as retries in the report.
  fs.rmSync(results, { recursive: true, force: true });
  fs.rmSync(path.join(reports, 'summary.json'), { force: true });
  // The evidence bundle is this run's alone: an earlier run's scenarios must not mix in.
  fs.rmSync(path.join(reports, EVIDENCE_DIR), { recursive: true, force: true });
  // A PCTR left by an earlier run must not pass for this one's when this one writes none.
  for (const f of Object.values(PCTR_FILES)) fs.rmSync(path.join(reports, f), { force: true });
  // Nor an earlier run's HTML report (this one may build none: --no-html, no Java): the manifest hashes what is there.
  fs.rmSync(path.join(reports, 'allure-report'), { recursive: true, force: true });
  fs.mkdirSync(reports, { recursive: true });
  let profile;
  try {
    profile = loadSutProfile(); // a bad profile stops the run before any scenario, naming the field
  } catch (e) {
    if (e instanceof SutProfileError) return usage(e.message);
    throw e;
  }
  if (profile.adapter === 'manual') {
    const refusal = manualRefusal();
    if (refusal) return usage(`${refusal}: run it from a terminal, or use the "process" or "command" adapter`);
  }
  if (profile.interop) {
    const ipv6 = profile.ics.ipVersions.includes('6') ? ` (IPv6: ${profile.testBed.host6}, the client at ${profile.ixit.localHost6})` : '';
    log(`INTEROP MODE (the profile opts in): the suite listens on ${profile.testBed.host}${profile.testBed.port ? `:${profile.testBed.port}` : ''}, the client is at ${profile.ixit.localHost}${ipv6}.`);
  }

  // Cucumber runs in this process (its CLI class, as its bin script calls it): a second Node.js
  // start costs more than the scenarios of a small run. cucumber.js reads REPORTS_DIR.
  process.env.REPORTS_DIR = reports;
  let cucumberExit: string;
  try {
    const success = await runCucumberOnce(args, io);
    cucumberExit = success ? 'success' : 'failure';
  } catch (e) {
    error(e instanceof Error ? e.message : String(e));
    cucumberExit = 'error';
  }

  const summaryFile = path.join(reports, 'summary.json');
  if (!fs.existsSync(summaryFile)) {
    error(`The run wrote no ${shownPath(summaryFile)} (cucumber: ${cucumberExit}): see the output above.`);
    return 2;
  }
  const summary = JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as Summary;
  // Nothing judged is never compliant: a --tags typo or a stray word taken for a feature path
  // selects no scenario, and a PCTR of nothing must not say COMPLIANT.
  if (summary.requirements.every((r) => r.scenarios.length === 0)) {
    error(`No scenario ran: the selection (${args.join(' ') || 'the features'}) matches none, so nothing was judged and no conformance test report is written.`);
    return 2;
  }
  log(matrixText(summary));
  const failures = gateFailures(summary, strict);
  // The conformance test report, for every run with a summary, a failing one and --no-html too.
  // The reference client's fault switches (IM_CLIENT_FAULTS, set around the suite or by the profile's env) break it on purpose: the report says so.
  const switches = (profile.env.IM_CLIENT_FAULTS ?? process.env.IM_CLIENT_FAULTS)?.trim();
  const faults = switches ? [`IM_CLIENT_FAULTS=${switches} (fault switches of the reference client: deliberately broken)`] : [];
  const pctr = writePctr(reports, { summary, profile, suite: suiteIdentity(), strict, options: [...args, ...faults], started: new Date(started), finished: new Date(), node: process.version });
  log(`Conformance test report (PCTR): ${pctr.map(shownPath).join(', ')}`);

  if (fs.existsSync(results) && !noHtml) {
    keepClauseAsFeature(results);
    alignStatusWithVerdict(results);
    writeMatrixResult(results, summary, failures, started);
    // The Trend: this SUT's earlier reports, kept per SUT in reports/history/ (support/report/allure-history.ts).
    const history = path.join(reports, HISTORY_DIR, sutHistoryKey(summary.sut, profile.source));
    const restored = restoreHistory(history, results);
    writeOverview(results, summary, failures, { strict, executor: { localBuildOrder: restored.nextBuildOrder } });
    if (javaAvailable()) {
      const html = generateAllureHtml(results, path.join(reports, 'allure-report'));
      if (html.ok) saveHistory(path.join(reports, 'allure-report'), history);
      log(html.ok ? `Allure report: ${shownPath(path.join(reports, 'allure-report', 'index.html'))} (built in ${html.ms} ms; Trend: ${shownPath(history)})` : `Allure report not built:\n${html.output}`);
    } else {
      log('Allure HTML report skipped: allure-commandline needs Java 17 or later (e.g. apt-get install openjdk-17-jre-headless).');
    }
  }
  log(`JUnit: ${shownPath(path.join(reports, 'junit.xml'))}   Summary: ${shownPath(summaryFile)}`);

  // The run's last write: every report and evidence file with its SHA-256 (npm run rejudge checks them).
  const manifest = writeManifest(reports, { suite: suiteStamp(), strict, sut: { ...summary.sut, profile: projectPath(profile.source) }, waivers: profile.waivers });
  // The installed suite has no npm script: its bin has the same command.
  const rejudge = INSTALLED ? `npx simple-im-conformance rejudge ${shownPath(reports)}` : `npm run rejudge -- ${shownPath(reports)}`;
  log(`Evidence: ${shownPath(path.join(reports, EVIDENCE_DIR))}, manifest SHA-256 ${manifest.sha256} (${rejudge} judges it again)`);

  if (failures.length > 0) {
    const what = strict ? 'requirement(s) (--strict: MAY and robustness included)' : 'applicable SHALL requirement(s)';
    log(`\nNOT COMPLIANT: ${failures.length} ${what} did not pass:\n${failures.map((f) => `  ${f}`).join('\n')}`);
    return 1;
  }
  log(`\nCOMPLIANT: every applicable ${strict ? 'requirement (--strict)' : 'SHALL requirement'} passed (${summary.sut.name} ${summary.sut.version}).`);
  const left = notSelected(summary);
  if (left.length > 0) log(`Partial run: the selection (--tags) left out ${left.join(', ')}, so the verdict does not cover them.`);
  const gaps = notCovered(summary);
  if (gaps.length > 0) {
    // Exit 0 still: the gate covers what this suite version judges; the claim must not cover more.
    log(`Partial coverage: this suite version does not judge ${gaps.join(', ')} yet, so the verdict does not cover them.`);
  }
  return 0;
}

/**
 * Cucumber's CLI class, as its bin script calls it; given support code already loaded, the same
 * steps the CLI class takes (its argv parser, loadConfiguration, runCucumber) with that library.
 */
async function runCucumberOnce(args: string[], io: RunIo): Promise<boolean> {
  const argv = [process.execPath, 'cucumber-js', ...args];
  const environment = { cwd: PROJECT_ROOT, stdout: io.stdout, stderr: io.stderr, env: process.env };
  if (!io.support) return (await new Cli({ ...environment, argv }).run()).success;
  // cucumber.js reads REPORTS_DIR and SUT_PROFILE when it loads: each run loads it afresh.
  delete require.cache[path.join(PROJECT_ROOT, 'cucumber.js')];
  const { options, configuration } = ArgvParser.parse(argv);
  const { runConfiguration } = await loadConfiguration({ file: options.config, profiles: options.profile, provided: configuration }, environment);
  return (await runCucumber({ ...runConfiguration, support: io.support }, environment)).success;
}

if (require.main === module) runMain(() => conformance(process.argv.slice(2)));
