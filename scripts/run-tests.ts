/**
 * node dist/scripts/run-tests.js [--unit] [node --test options]
 *
 * Runs the project's own tests (`npm test`, `npm run test:unit`) with `node --test` over the
 * compiled test files: those named *.test.js under dist/test/ whose source test/…/*.test.ts still
 * exists, so a test renamed or deleted in test/ never runs from a stale dist/ copy, and helper
 * modules (test/helpers/, the independent client) are not run as test files. `--unit` leaves out
 * the files below that run the whole suite, a browser or another client (a few seconds to a
 * minute each). Files run `TEST_CONCURRENCY` at a time (default: the cores + 1; node's own
 * default, cores − 1, is one at a time on two cores, though most of these files wait on child
 * processes and the network), the slowest of the last run first, and their durations go to
 * dist/.test-durations.json (scripts/test-durations-reporter.ts).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../support/project';

/** Test files that are not unit tests: whole suite runs, a browser, third-party clients. */
export const SLOW_TESTS = [
  'test/conformance/',
  'test/report/categories.test.ts',
  'test/report/allure-history-run.test.ts',
  'test/evidence/report-screenshot.test.ts',
  'test/robustness/flake-hunt.test.ts',
  'test/robustness/hostile-clients.test.ts',
];

export const DURATIONS_FILE = path.join(PROJECT_ROOT, 'dist', '.test-durations.json');
const DIST = path.join(PROJECT_ROOT, 'dist');

/** The compiled test files that have a source, as paths relative to dist/ (test/x/y.test.js). */
export function testFiles(unitOnly: boolean): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(path.join(DIST, dir), { withFileTypes: true })) {
      const rel = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (rel.endsWith('.test.js') && fs.existsSync(path.join(PROJECT_ROOT, rel.replace(/\.js$/, '.ts')))) out.push(rel);
    }
  };
  walk('test');
  const slow = (rel: string): boolean => SLOW_TESTS.some((s) => (s.endsWith('/') ? rel.startsWith(s) : rel === s.replace(/\.ts$/, '.js')));
  return out.filter((rel) => !unitOnly || !slow(rel)).sort();
}

function lastDurations(): Record<string, number> {
  try {
    return JSON.parse(fs.readFileSync(DURATIONS_FILE, 'utf8')) as Record<string, number>;
  } catch {
    return {};
  }
}

/**
 * Where the tests' temporary files go: /dev/shm (memory) where it exists. A suite run's Allure
 * writer fsyncs each of its ~400 files, blocking the event loop: on a busy disk that costs
 * seconds per run and delays the test bed's T1 = 50 ms timers. TMPDIR set by the caller wins.
 * The run gets a folder of its own there, removed at its end.
 */
function scratch(): string {
  if (process.env.TMPDIR) return process.env.TMPDIR;
  try {
    fs.accessSync('/dev/shm', fs.constants.W_OK);
    return '/dev/shm';
  } catch {
    return os.tmpdir();
  }
}

function main(argv: string[]): number {
  const args = [...argv];
  const unit = args.includes('--unit');
  const nodeOptions = args.filter((a) => a !== '--unit');
  const last = lastDurations();
  // The slowest first: with a few files running at once, one started last would run alone.
  const files = testFiles(unit).sort((a, b) => (last[b] ?? Infinity) - (last[a] ?? Infinity) || a.localeCompare(b));
  const concurrency = Number(process.env.TEST_CONCURRENCY) || os.availableParallelism() + 1;
  const durations = `${DURATIONS_FILE}.${process.pid}`;
  const tmp = fs.mkdtempSync(path.join(scratch(), 'simple-im-tests-'));
  const run = spawnSync(
    process.execPath,
    [
      '--enable-source-maps',
      '--test',
      `--test-concurrency=${concurrency}`,
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      `--test-reporter=${path.join(DIST, 'scripts', 'test-durations-reporter.js')}`,
      `--test-reporter-destination=${durations}`,
      ...nodeOptions,
      ...files.map((f) => path.join(DIST, f)),
    ],
    { cwd: PROJECT_ROOT, stdio: 'inherit', env: { ...process.env, TMPDIR: tmp } },
  );
  // Whatever a test left in its temporary folders goes with the run (in memory under /dev/shm).
  fs.rmSync(tmp, { recursive: true, force: true });
  // A run of some files only updates theirs.
  if (fs.existsSync(durations)) {
    try {
      const now = JSON.parse(fs.readFileSync(durations, 'utf8')) as Record<string, number>;
      fs.writeFileSync(DURATIONS_FILE, JSON.stringify({ ...last, ...now }, null, 1));
    } catch {
      // an interrupted run leaves no JSON: keep the last figures
    }
    fs.rmSync(durations, { force: true });
  }
  return run.status ?? 1;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
