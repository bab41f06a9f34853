/**
 * npm run bench:sipp [-- --runs N]
 *
 * The RJ-02 check done the way a SIPp user does it today: per scenario, one `sipp` UAS process
 * with a regex-checking scenario file (bench/sipp-uas-rejoin.xml) and the reference client asked
 * to rejoin; against this suite running its five RJ-02 scenarios, and fifty (the feature ten
 * times over). Prints per-scenario times and the ratios. Needs Debian's sip-tester (sipp). A benchmark: it asserts nothing.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { freeUdpTcpPort } from '../support/net/free-port';
import { PROJECT_ROOT } from '../support/project';
import { upperTesterEnv } from '../support/sut/sut-adapter';
import { median, runSuite } from './suite-run';

async function sippScenario(): Promise<number> {
  const started = process.hrtime.bigint();
  const port = await freeUdpTcpPort('127.0.0.1');
  const localPort = await freeUdpTcpPort('127.0.0.2');
  const sipp = spawn('sipp', ['-sf', path.join(PROJECT_ROOT, 'bench', 'sipp-uas-rejoin.xml'), '-i', '127.0.0.1', '-p', String(port), '-m', '1', '-t', 'u1', '-nostdin', '-timeout', '10s'], { stdio: 'ignore' });
  const sippDone = new Promise<number | null>((resolve) => sipp.once('exit', resolve));
  const env = upperTesterEnv({
    conferenceUri: 'sip:conf-42@conference.example.invalid',
    outboundProxy: `sip:127.0.0.1:${port};transport=udp;lr`,
    proxyHost: '127.0.0.1',
    proxyPort: port,
    transport: 'udp',
    ipVersion: '4',
    userUri: 'sip:alice@example.invalid',
    localHost: '127.0.0.2',
    localPort,
    t1Ms: 500,
    extra: { IM_CONFERENCE_SUBSCRIPTION: 'off' },
  });
  const client = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'client', 'cli.js')], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'ignore'] });
  await new Promise<void>((resolve) => {
    readline.createInterface({ input: client.stdout! }).on('line', (l) => {
      if (l.includes('"ready"')) {
        client.stdin!.write('{"id":1,"action":"rejoin"}\n');
        resolve();
      }
    });
  });
  const code = await sippDone;
  client.stdin!.end();
  await new Promise((resolve) => client.once('exit', resolve));
  if (code !== 0) throw new Error(`sipp exited with ${code}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** A directory with `factor` copies of the RJ-02 feature: its five scenarios `factor` times over. */
function rj02Copies(factor: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-im-bench-rj02-'));
  for (let i = 1; i <= factor; i++) fs.copyFileSync(path.join(PROJECT_ROOT, 'features', 'rejoin', 'request-uri.feature'), path.join(dir, `request-uri-${i}.feature`));
  return dir;
}

async function main(argv: string[]): Promise<number> {
  if (spawnSync('sipp', ['-v'], { stdio: 'ignore' }).error) {
    console.error('sipp is not installed (Debian package sip-tester)');
    return 2;
  }
  const at = argv.indexOf('--runs');
  const runs = at >= 0 ? Number(argv[at + 1]) : 10;
  const sipp: number[] = [];
  for (let i = 0; i < runs; i++) sipp.push(await sippScenario());
  // This suite pays its start-up (Node.js, Cucumber, the client) once per run, SIPp's way once
  // per scenario: so the comparison is made at two run sizes, and per scenario at the margin.
  const five = Array.from({ length: 3 }, () => runSuite(['--tags', '@req:RJ-02']).wallMs);
  const copies = rj02Copies(10);
  const fifty = Array.from({ length: 3 }, () => runSuite(['--tags', '@req:RJ-02', copies]).wallMs);
  fs.rmSync(copies, { recursive: true, force: true });
  const sippPerScenario = median(sipp);
  const [ours5, ours50] = [median(five), median(fifty)];
  const marginal = (ours50 - ours5) / 45;
  const ms = (n: number) => `${Math.round(n)} ms`;
  console.log(
    [
      '| measure (RJ-02) | the SIPp way | this suite | SIPp / this suite |',
      '|---|---|---|---|',
      `| one scenario (SIPp: median of ${runs}; this suite: the margin between 5 and 50) | ${ms(sippPerScenario)} | ${ms(marginal)} | ${(sippPerScenario / marginal).toFixed(1)}× |`,
      `| a run of 5 scenarios (this suite: median of 3, start-up included) | ${ms(5 * sippPerScenario)} | ${ms(ours5)} | ${((5 * sippPerScenario) / ours5).toFixed(1)}× |`,
      `| a run of 50 scenarios (the feature ×10) | ${ms(50 * sippPerScenario)} | ${ms(ours50)} | ${((50 * sippPerScenario) / ours50).toFixed(1)}× |`,
    ].join('\n'),
  );
  return 0;
}

void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
