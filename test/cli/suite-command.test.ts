import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { conformance } from '../../scripts/conformance';
import { cliProgram } from '../../scripts/cli';
import { checkCucumberArgs, ENVIRONMENT, exitCodeOf, parseSuiteArgs } from '../../support/cli/suite-command';
import { CommanderError } from 'commander';
import { version as cucumberVersion } from '@cucumber/cucumber';
import { PROJECT_ROOT, RUN_DIR_VARIABLE } from '../../support/project';

function capture(): { io: { stdout: PassThrough; stderr: PassThrough }; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const io = { stdout: new PassThrough(), stderr: new PassThrough() };
  io.stdout.on('data', (d: Buffer) => (out += d.toString()));
  io.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return { io, out: () => out, err: () => err };
}

test("the suite's options are taken out; Cucumber's pass through unchanged, in order", () => {
  const parsed = parseSuiteArgs(['--tags', '@req:RJ-02', '--sut', 'x.json', '--parallel', '2']);
  assert.ok(!('exitCode' in parsed));
  assert.deepEqual(parsed.cucumberArgs, ['--tags', '@req:RJ-02', '--parallel', '2']);
  assert.equal(parsed.options.sut, 'x.json');
  assert.equal(parsed.options.html, true);
  assert.equal(parsed.options.strict, undefined);
});

test('feature paths keep their place among the Cucumber options; --no-html and --strict are the suite\'s', () => {
  const parsed = parseSuiteArgs(['features/rejoin/request-uri.feature', '--no-html', '--tags', 'not @may', 'features/rejoin/allow-kept.feature', '--strict', '--sut=y.json']);
  assert.ok(!('exitCode' in parsed));
  assert.deepEqual(parsed.cucumberArgs, ['features/rejoin/request-uri.feature', '--tags', 'not @may', 'features/rejoin/allow-kept.feature']);
  assert.deepEqual(parsed.options, { html: false, strict: true, sut: 'y.json' });
});

test('a usage error is one line on stderr and exit code 2', () => {
  const c = capture();
  assert.deepEqual(parseSuiteArgs(['--tags', '@x', '--sut'], c.io), { exitCode: 2 });
  assert.equal(c.out(), '');
  assert.equal(c.err().trim().split('\n').length, 1, c.err());
  assert.match(c.err(), /--sut <profile\.json>.*argument missing/);
});

test('--help lists the suite\'s options first, then the environment, then says Cucumber\'s options pass through', () => {
  const c = capture();
  assert.deepEqual(parseSuiteArgs(['--help'], c.io), { exitCode: 0 });
  const help = c.out();
  const at = (text: string): number => {
    const i = help.indexOf(text);
    assert.ok(i >= 0, `--help names ${text}:\n${help}`);
    return i;
  };
  const options = at('Options:');
  for (const o of ['--sut <profile.json>', '--no-html', '--strict', '--help-cucumber']) assert.ok(at(o) > options);
  const environment = at('Environment:');
  assert.ok(environment > at('--help-cucumber'));
  for (const { name } of ENVIRONMENT) assert.ok(at(`  ${name} `) > environment, name);
  assert.ok(at('pass through to Cucumber') > environment);
  assert.ok(at('--help-cucumber lists them all') > environment);
});

test('--help-cucumber prints Cucumber\'s own options, with what the suite sets itself', () => {
  const c = capture();
  assert.deepEqual(parseSuiteArgs(['--help-cucumber'], c.io), { exitCode: 0 });
  assert.match(c.out(), /Its --strict is the suite's/);
  assert.match(c.out(), /Usage: cucumber-js \[options\]/);
  assert.match(c.out(), /--tags <EXPRESSION>/);
});

test("a bad Cucumber option is a usage error too (Cucumber's parser would exit 1, \"not compliant\"): one line, exit code 2", () => {
  const exit = process.exit;
  assert.equal(checkCucumberArgs(['--tags', '@req:RJ-02', '--parallel', '2', 'features/rejoin/request-uri.feature']), undefined);
  assert.deepEqual(checkCucumberArgs(['--tags', '@x', '--bogus']), { exitCode: 2, output: "error: unknown option '--bogus'" });
  assert.deepEqual(checkCucumberArgs(['--parallel', 'two']), { exitCode: 2, output: 'error: --parallel must be a non negative integer' });
  assert.deepEqual(checkCucumberArgs(['-v']), { exitCode: 0, output: cucumberVersion });
  assert.equal(process.exit, exit, 'process.exit is put back');
});

/**
 * Where the suite reads a variable: process.env.X, env.X, env['X'], a *_VARIABLE constant, and
 * allure-overview's v('X') and order('X', …) (the client's own IM_* are the upper-tester
 * protocol's, docs/upper-tester.md). A new way of reading one belongs here too.
 */
const READS = [/\benv(?:\.|\[')([A-Z][A-Z0-9_]+)/g, /_VARIABLE = '([A-Z][A-Z0-9_]+)'/g, /\b(?:v|order)\(((?:'[A-Z][A-Z0-9_]+'(?:, )?)+)\)/g];
/** Read but not for a user to set, each with why. */
const NOT_LISTED: Record<string, string> = {
  [RUN_DIR_VARIABLE]: "set by the suite for Cucumber's workers (support/project.ts runDir)",
};

test('--help lists every variable the suite reads (support/, the run scripts, cucumber.js)', () => {
  const files = ['cucumber.js', 'scripts/conformance.ts', 'scripts/cli.ts', 'scripts/rejudge.ts'];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(path.join(PROJECT_ROOT, dir), { withFileTypes: true })) {
      const rel = path.join(dir, e.name);
      if (e.isDirectory()) walk(rel);
      else if (rel.endsWith('.ts')) files.push(rel);
    }
  };
  walk('support');
  const read = new Map<string, string>();
  for (const f of files) {
    const text = fs.readFileSync(path.join(PROJECT_ROOT, f), 'utf8');
    for (const re of READS) for (const m of text.matchAll(re)) for (const name of m[1].match(/[A-Z][A-Z0-9_]+/g) ?? []) read.set(name, f);
  }
  const listed = new Set(ENVIRONMENT.flatMap((v) => [v.name, ...(v.also ?? [])]));
  for (const [name, file] of read) assert.ok(listed.has(name) || name in NOT_LISTED, `${file} reads ${name}, which --help does not list`);
  for (const name of listed) assert.ok(read.has(name), `--help lists ${name}, which nothing reads`);
});

test('conformance(argv) refuses a bad profile with one line and exit code 2, before any scenario', async () => {
  const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-usage-'));
  const saved = { ...process.env };
  process.env.REPORTS_DIR = reports;
  try {
    const c = capture();
    const code = await conformance(['--sut', path.join(reports, 'absent.json'), '--tags', '@req:RJ-02'], c.io);
    assert.equal(code, 2);
    assert.equal(c.err().trim().split('\n').length, 1, c.err());
    assert.match(c.err(), /^SUT profile \S+absent\.json: field "\(file\)" cannot be read as JSON/);
    assert.doesNotMatch(c.err(), /^usage:/m);
  } finally {
    process.env = saved;
    fs.rmSync(reports, { recursive: true, force: true });
  }
});

test('conformance(argv) refuses a bad Cucumber option with one line and exit code 2', async () => {
  const c = capture();
  assert.equal(await conformance(['--no-html', '--parallel'], c.io), 2);
  assert.equal(c.err().trim().split('\n').length, 1, c.err());
  assert.match(c.err(), /^error: option '--parallel <NUMBER_OF_WORKERS>' argument missing \(Cucumber's options: --help-cucumber\)$/m);
});

test("the bin's subcommands: rejudge takes a folder; its usage error is exit code 2 too", async () => {
  const program = cliProgram();
  assert.deepEqual(
    program.commands.map((c) => c.name()),
    ['rejudge', 'campaign', 'campaign-merge'],
  );
  const rejudge = program.commands[0];
  rejudge.configureOutput({ writeErr: () => undefined });
  await assert.rejects(program.parseAsync(['rejudge'], { from: 'user' }), (e) => e instanceof CommanderError && e.code === 'commander.missingArgument' && exitCodeOf(e) === 2);
});
