/**
 * npm run bench:background [-- --runs N]
 *
 * Times N full runs (no HTML report) of a command profile whose rejoin starts the reference
 * client in the background, for 30 s (test/data/profiles/reference-background-rejoin.json), and
 * of suts/reference-command.json (the client on a FIFO, a well-behaved one), one of each in turn.
 * For each run it counts the processes it started that were alive at once (sampled every 100 ms)
 * and those still alive after it: every process a run starts inherits its BENCH_RUN mark, so
 * /proc/<pid>/environ tells them apart from the machine's others, a client that left the
 * run's process groups included. Prints medians as Markdown for docs/performance.md. Linux only
 * (/proc). A benchmark, not a test: it asserts nothing.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../support/project';
import { median } from './suite-run';

const PROFILES = ['test/data/profiles/reference-background-rejoin.json', 'suts/reference-command.json'];

/** Live (not zombie) processes whose environment holds `mark`, but `except`. */
function marked(mark: string, except: number | undefined): number {
  let n = 0;
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p) && Number(p) !== except)) {
    try {
      const state = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').pop()![0];
      if (state !== 'Z' && state !== 'X' && fs.readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(mark)) n++;
    } catch {
      // gone, or not ours to read
    }
  }
  return n;
}

interface Measured {
  wallMs: number;
  exitCode: number | null;
  scenarios: number;
  /** Most of the run's processes (the suite's own process left out) alive at one sample. */
  peak: number;
  /** The run's processes alive once it exited. */
  left: number;
}

async function run(profile: string, index: number): Promise<Measured> {
  const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-im-bench-'));
  const id = `${process.pid}-${index}`;
  const mark = `BENCH_RUN=${id}`;
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'scripts', 'conformance.js'), '--no-html', '--sut', profile], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, REPORTS_DIR: reports, BENCH_RUN: id },
    stdio: 'ignore',
  });
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, marked(mark, child.pid))), 100);
  const exitCode = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  clearInterval(sampler);
  const left = marked(mark, undefined);
  const junit = fs.existsSync(path.join(reports, 'junit.xml')) ? fs.readFileSync(path.join(reports, 'junit.xml'), 'utf8') : '';
  fs.rmSync(reports, { recursive: true, force: true });
  return { wallMs, exitCode, scenarios: (junit.match(/<testcase\b/g) ?? []).length, peak, left };
}

async function main(argv: string[]): Promise<number> {
  if (process.platform !== 'linux') {
    console.error('bench:background reads /proc: Linux only');
    return 2;
  }
  const at = argv.indexOf('--runs');
  const runs = at >= 0 ? Number(argv[at + 1]) : 5;
  const results = new Map<string, Measured[]>(PROFILES.map((p) => [p, []]));
  let index = 0;
  for (let i = 0; i < runs; i++) for (const p of PROFILES) results.get(p)!.push(await run(p, index++));
  const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
  console.log(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; ${runs} runs of each, in turn`);
  console.log('');
  console.log('| profile | scenarios | exit codes | wall, median (min–max) | processes of the run alive at once, median of the peaks | processes left after the run (all runs) |');
  console.log('|---|---|---|---|---|---|');
  for (const [p, r] of results) {
    const walls = r.map((m) => m.wallMs);
    console.log(
      `| \`${p}\` | ${r[0].scenarios} | ${[...new Set(r.map((m) => m.exitCode))].join(', ')} | ${s(median(walls))} (${s(Math.min(...walls))}–${s(Math.max(...walls))}) | ${median(r.map((m) => m.peak))} | ${r.reduce((n, m) => n + m.left, 0)} |`,
    );
  }
  return 0;
}

void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
