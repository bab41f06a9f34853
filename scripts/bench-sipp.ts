/**
 * npm run bench:sipp [-- --runs N]
 *
 * The RJ-02 check done the way a SIPp user does it today: per scenario, one `sipp` UAS process
 * with a regex-checking scenario file (bench/sipp-uas-rejoin.xml) and the reference client asked
 * to rejoin; against this suite running its five RJ-02 scenarios. Prints both per-scenario times
 * and the ratio. Needs Debian's sip-tester (sipp). A benchmark: it asserts nothing.
 */
import { spawn, spawnSync } from 'node:child_process';
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

async function main(argv: string[]): Promise<number> {
  if (spawnSync('sipp', ['-v'], { stdio: 'ignore' }).error) {
    console.error('sipp is not installed (Debian package sip-tester)');
    return 2;
  }
  const at = argv.indexOf('--runs');
  const runs = at >= 0 ? Number(argv[at + 1]) : 10;
  const sipp: number[] = [];
  for (let i = 0; i < runs; i++) sipp.push(await sippScenario());
  const ours = Array.from({ length: Math.max(1, Math.round(runs / 5)) }, () => runSuite(['--tags', '@req:RJ-02']));
  const oursPerScenario = median(ours.map((r) => r.wallMs / 5));
  const sippPerScenario = median(sipp);
  console.log(
    [
      '| measure (RJ-02, per scenario) | value |',
      '|---|---|',
      `| SIPp way: one sipp UAS + the client, median of ${runs} | ${Math.round(sippPerScenario)} ms |`,
      `| this suite: its 5 RJ-02 scenarios, whole run / 5 (start-up included), median of ${ours.length} | ${Math.round(oursPerScenario)} ms |`,
      `| SIPp way / this suite | ${(sippPerScenario / oursPerScenario).toFixed(2)}× |`,
    ].join('\n'),
  );
  return 0;
}

void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
