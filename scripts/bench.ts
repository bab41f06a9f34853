/**
 * npm run bench [-- --runs N]
 *
 * Measures, on this machine: the full conformance run against the reference client (wall,
 * median of N, serial and --parallel 2), the per-scenario median (from the JUnit times), and a
 * run with every scenario ten times over, to show how the cost grows. Prints the figures as
 * Markdown for docs/performance.md. A benchmark, not a test: it asserts nothing.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../support/project';
import { median, runSuite } from './suite-run';

function junitTimes(junit: string): number[] {
  // Lazy up to time=: scenario names may hold a raw '>' inside their attribute.
  return [...junit.matchAll(/<testcase\b[\s\S]*?\btime="([\d.]+)"/g)].map((m) => Number(m[1]) * 1000);
}

/** `factor` copies of features/ side by side: every scenario `factor` times over. */
function multipliedFeatures(factor: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-im-bench-features-'));
  for (let i = 1; i <= factor; i++) fs.cpSync(path.join(PROJECT_ROOT, 'features'), path.join(dir, `copy-${i}`), { recursive: true });
  return dir;
}

function main(argv: string[]): number {
  const at = argv.indexOf('--runs');
  const runs = at >= 0 ? Number(argv[at + 1]) : 5;
  const serial = Array.from({ length: runs }, () => runSuite());
  if (serial.some((r) => r.exitCode !== 0)) {
    console.error(`a run did not pass:\n${serial.find((r) => r.exitCode !== 0)!.output.slice(-2000)}`);
    return 2;
  }
  const parallel = Array.from({ length: runs }, () => runSuite(['--parallel', '2']));
  const perScenario = serial.flatMap((r) => junitTimes(r.junit));
  const scenarios = junitTimes(serial[0].junit).length;
  const big = multipliedFeatures(10);
  const tenfold = runSuite(['--parallel', '2', big]);
  fs.rmSync(big, { recursive: true, force: true });
  const tenfoldScenarios = junitTimes(tenfold.junit).length;
  const ms = (n: number) => `${Math.round(n)} ms`;
  console.log(
    [
      `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
      '',
      '| measure | value |',
      '|---|---|',
      `| scenarios in a full run | ${scenarios} |`,
      `| full run, serial, wall (median of ${runs}) | ${ms(median(serial.map((r) => r.wallMs)))} |`,
      `| full run, --parallel 2, wall (median of ${runs}) | ${ms(median(parallel.map((r) => r.wallMs)))} |`,
      `| per-scenario time, median (serial) | ${ms(median(perScenario))} |`,
      `| per-scenario time, slowest (serial) | ${ms(Math.max(...perScenario))} |`,
      `| ${tenfoldScenarios} scenarios (every one ×10), --parallel 2, wall | ${ms(tenfold.wallMs)} (exit ${tenfold.exitCode}) |`,
      `| ×10 scenarios / ×1, --parallel 2 | ${(tenfold.wallMs / median(parallel.map((r) => r.wallMs))).toFixed(1)}× |`,
    ].join('\n'),
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));
