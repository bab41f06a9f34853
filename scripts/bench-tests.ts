/**
 * npm run bench:tests [-- --runs 3] [--script test|test:unit]
 *
 * Times `npm test` (or another npm script) as a developer types it, `--runs` times in a row,
 * and prints the median wall time and, per test file, the median of its durations
 * (dist/.test-durations.json, which scripts/run-tests.ts writes each run). Figures are only as
 * quiet as the machine: other work running at the same time makes them longer.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { PROJECT_ROOT } from '../support/project';
import { DURATIONS_FILE } from './run-tests';
import { median } from './suite-run';

function option(args: string[], name: string, fallback: string): string {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] ? args[at + 1] : fallback;
}

function main(argv: string[]): number {
  const runs = Number(option(argv, '--runs', '3'));
  const script = option(argv, '--script', 'test');
  const walls: number[] = [];
  const perFile = new Map<string, number[]>();
  let failed = 0;
  for (let i = 1; i <= runs; i++) {
    fs.rmSync(DURATIONS_FILE, { force: true });
    const started = process.hrtime.bigint();
    const run = spawnSync('npm', ['run', script, '--silent'], { cwd: PROJECT_ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    walls.push(wallMs);
    if (run.status !== 0) {
      failed++;
      process.stdout.write(`${run.stdout.slice(-4000)}${run.stderr.slice(-2000)}\n`);
    }
    const files = fs.existsSync(DURATIONS_FILE) ? (JSON.parse(fs.readFileSync(DURATIONS_FILE, 'utf8')) as Record<string, number>) : {};
    for (const [file, ms] of Object.entries(files)) perFile.set(file, [...(perFile.get(file) ?? []), ms]);
    process.stdout.write(`run ${i}/${runs}: npm run ${script}: ${(wallMs / 1000).toFixed(1)} s, exit ${run.status}\n`);
  }
  const load = os.loadavg().map((l) => l.toFixed(1)).join(' ');
  process.stdout.write(`\nper test file, median of ${runs} (ms; files run side by side, so these overlap):\n`);
  const rows = [...perFile].map(([file, ms]) => [file, median(ms)] as const).sort((a, b) => b[1] - a[1]);
  for (const [file, ms] of rows) process.stdout.write(`  ${String(Math.round(ms)).padStart(7)}  ${file}\n`);
  process.stdout.write(`\nnpm run ${script}, wall: median ${(median(walls) / 1000).toFixed(1)} s of ${runs} (${walls.map((w) => (w / 1000).toFixed(1)).join(', ')} s); ${os.availableParallelism()} cores, load average now ${load}\n`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
