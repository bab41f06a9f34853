/**
 * npm run conformance [-- --sut <profile.json>] [--no-html] [--strict] [cucumber options such as --tags, --parallel 2]
 *
 * Runs the features against the client of the SUT profile (the reference client by default),
 * writes reports/junit.xml, reports/summary.json and reports/allure-report/index.html, prints
 * the compliance matrix and exits 0 only when every applicable SHALL passes.
 */
import Cli from '@cucumber/cucumber/lib/cli/index';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT, reportsDir } from '../support/project';
import { generateAllureHtml, javaAvailable, keepClauseAsFeature } from '../support/report/allure-html';
import { alignStatusWithVerdict } from '../support/report/allure-status';
import { writeMatrixResult } from '../support/report/matrix-result';
import { matrixText } from '../support/report/matrix-text';
import { gateFailures, notCovered, notSelected, type Summary } from '../support/report/summary';
import { manualRefusal } from '../support/sut/manual-adapter';
import { loadSutProfile, SutProfileError } from '../support/sut/sut-profile';

async function main(argv: string[]): Promise<number> {
  const started = Date.now();
  const args = [...argv];
  const sutAt = args.indexOf('--sut');
  if (sutAt >= 0) {
    if (!args[sutAt + 1]) return usage('--sut needs a profile file');
    process.env.SUT_PROFILE = path.resolve(args[sutAt + 1]);
    args.splice(sutAt, 2);
  }
  // --no-html: only the JUnit and JSON reports, for quick runs and the project's own tests.
  const noHtml = takeFlag(args, '--no-html');
  // --strict: MAY and robustness results gate too (for a client that wants to be judged on them).
  const strict = takeFlag(args, '--strict');
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
    console.log(`INTEROP MODE (the profile opts in): the suite listens on ${profile.testBed.host}${profile.testBed.port ? `:${profile.testBed.port}` : ''}, the client is at ${profile.ixit.localHost}.`);
  }

  const reports = reportsDir();
  const results = path.join(reports, 'allure-results');
  // Old results would show up as retries in the report.
  fs.rmSync(results, { recursive: true, force: true });
  fs.rmSync(path.join(reports, 'summary.json'), { force: true });
  fs.mkdirSync(reports, { recursive: true });

  // Cucumber runs in this process (its CLI class, as its bin script calls it): a second Node.js
  // start costs more than the scenarios of a small run. cucumber.js reads REPORTS_DIR.
  process.env.REPORTS_DIR = reports;
  let cucumberExit: string;
  try {
    const result = await new Cli({ argv: [process.execPath, 'cucumber-js', ...args], cwd: PROJECT_ROOT, stdout: process.stdout, stderr: process.stderr, env: process.env }).run();
    cucumberExit = result.success ? 'success' : 'failure';
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    cucumberExit = 'error';
  }

  const summaryFile = path.join(reports, 'summary.json');
  if (!fs.existsSync(summaryFile)) {
    console.error(`The run wrote no ${path.relative(PROJECT_ROOT, summaryFile)} (cucumber: ${cucumberExit}): see the output above.`);
    return 2;
  }
  const summary = JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as Summary;
  console.log(matrixText(summary));
  const failures = gateFailures(summary, strict);

  if (fs.existsSync(results) && !noHtml) {
    keepClauseAsFeature(results);
    alignStatusWithVerdict(results);
    writeMatrixResult(results, summary, failures, started);
    if (javaAvailable()) {
      const html = generateAllureHtml(results, path.join(reports, 'allure-report'));
      console.log(html.ok ? `Allure report: ${path.relative(PROJECT_ROOT, path.join(reports, 'allure-report', 'index.html'))} (built in ${html.ms} ms)` : `Allure report not built:\n${html.output}`);
    } else {
      console.log('Allure HTML report skipped: allure-commandline needs Java 17 or later (e.g. apt-get install openjdk-17-jre-headless).');
    }
  }
  console.log(`JUnit: ${path.relative(PROJECT_ROOT, path.join(reports, 'junit.xml'))}   Summary: ${path.relative(PROJECT_ROOT, summaryFile)}`);

  if (failures.length > 0) {
    const what = strict ? 'requirement(s) (--strict: MAY and robustness included)' : 'applicable SHALL requirement(s)';
    console.log(`\nNOT COMPLIANT: ${failures.length} ${what} did not pass:\n${failures.map((f) => `  ${f}`).join('\n')}`);
    return 1;
  }
  console.log(`\nCOMPLIANT: every applicable ${strict ? 'requirement (--strict)' : 'SHALL requirement'} passed (${summary.sut.name} ${summary.sut.version}).`);
  const left = notSelected(summary);
  if (left.length > 0) console.log(`Partial run: the selection (--tags) left out ${left.join(', ')}, so the verdict does not cover them.`);
  const gaps = notCovered(summary);
  if (gaps.length > 0) {
    // Exit 0 still: the gate covers what this suite version judges; the claim must not cover more.
    console.log(`Partial coverage: this suite version does not judge ${gaps.join(', ')} yet, so the verdict does not cover them.`);
  }
  return 0;
}

function takeFlag(args: string[], flag: string): boolean {
  const at = args.indexOf(flag);
  if (at >= 0) args.splice(at, 1);
  return at >= 0;
}

function usage(problem: string): number {
  console.error(`${problem}\nusage: npm run conformance -- [--sut <profile.json>] [--no-html] [--strict] [cucumber options]`);
  return 2;
}

void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
