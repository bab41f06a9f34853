import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { freeUdpTcpPort } from '../../support/net/free-port';
import { KeptClientPool } from '../../support/sut/kept-client-pool';
import { ProcessAdapter } from '../../support/sut/process-adapter';
import type { SutEnvironment, SutSession } from '../../support/sut/sut-adapter';
import { psLive } from '../helpers/process-table';

/**
 * `process.reuse`: one client process serves every scenario, reset with the scenario's
 * configuration in between; a client that cannot be reset, or died, is replaced by a fresh one.
 */
const REFERENCE = ['node', 'dist/client/cli.js'];

async function environment(transport: 'udp' | 'tcp' = 'udp'): Promise<SutEnvironment> {
  return {
    conferenceUri: 'sip:conf-1@conference.example.invalid',
    outboundProxy: `sip:127.0.0.1:40999;transport=${transport};lr`,
    proxyHost: '127.0.0.1',
    proxyPort: 40999,
    transport,
    ipVersion: '4',
    userUri: 'sip:alice@example.invalid',
    localHost: '127.0.0.2',
    localPort: await freeUdpTcpPort('127.0.0.2'),
    t1Ms: 50,
    extra: {},
  };
}

/** Waits (bounded) until the session's log matches: stderr lines may come after the reply on stdout. */
async function logShows(session: { log(): string }, pattern: RegExp, ms = 2000): Promise<string> {
  const until = Date.now() + ms;
  while (!pattern.test(session.log()) && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
  return session.log();
}

const pidOf = (log: string): string | undefined => /pid (\d+)/.exec(log)?.[1];

// Each test is a run of its own: its own pool, and every session it started stopped at its end.
let pool: KeptClientPool;
const started: SutSession[] = [];
beforeEach(() => {
  pool = new KeptClientPool();
});
afterEach(async () => {
  await pool.stop();
  for (const s of started.splice(0)) await s.stop();
});

/** A scenario's start, remembered for the clean-up. */
async function start(adapter: ProcessAdapter, env: SutEnvironment): Promise<SutSession> {
  const session = await adapter.start(env, 10_000);
  started.push(session);
  return session;
}

test('a kept reference client is reset for the next scenario: same process, new transport and port, its own log', async () => {
  const adapter = new ProcessAdapter(REFERENCE, undefined, pool);
  const first = await start(adapter, await environment('udp'));
  assert.equal((await first.state(2000)).ok, true);
  await first.release();
  assert.equal(first.exited(), undefined, 'release() of a kept session leaves the process running');

  const env = await environment('tcp');
  const second = await start(adapter, env);
  const listening = new RegExp(`reset: listening on TCP 127\\.0\\.0\\.2:${env.localPort}`);
  const log = await logShows(second, listening);
  assert.match(log, /was started before this scenario and is reset for it/);
  assert.match(log, listening);
  assert.doesNotMatch(log, /"action":"state"/, 'the last scenario\'s lines are not in this one\'s log');
  assert.deepEqual((await second.state(2000)).state, { allow: null, sessionIdentity: null, subscribed: false, msrp: 'none' });
  assert.equal(pidOf(second.log()), pidOf(first.log()), 'the same process');

  await second.stop();
  assert.ok(second.exited(), 'stop() of a kept session really stops the process');
  const third = await start(adapter, await environment());
  assert.match(third.log(), /client process started \(pid \d+\)/, `a fresh process after a stop:\n${third.log()}`);
  assert.doesNotMatch(third.log(), /is reset for it/);
});

test('a client that cannot reset, or has died, gets a fresh process', async () => {
  // Says ready, answers every action "unsupported": a vendor client without `reset`.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-im-no-reset-'));
  const script = path.join(dir, 'client.js');
  fs.writeFileSync(
    script,
    `process.stdout.write(JSON.stringify({ event: 'ready', name: 'no-reset pid ' + process.pid, version: '1' }) + '\\n');
     require('readline').createInterface({ input: process.stdin }).on('line', (l) => process.stdout.write(JSON.stringify({ id: JSON.parse(l).id, ok: false, error: 'unsupported' }) + '\\n'));`,
  );
  const adapter = new ProcessAdapter([process.execPath, script], dir, pool);
  const first = await start(adapter, await environment());
  const firstPid = pidOf(first.log());
  assert.ok(firstPid, first.log());
  await first.release();
  const second = await start(adapter, await environment());
  assert.match(first.exited() ?? '', /exited|killed/, 'the process that refused the reset is stopped');
  assert.ok(pidOf(second.log()) && pidOf(second.log()) !== firstPid, `a new process:\n${second.log()}`);
  assert.match(second.log(), /the kept client process refused the reset \(unsupported\): this scenario has a fresh one/);

  await second.release();
  await pool.stop();
  assert.ok(second.exited(), 'the pool\'s stop ends the kept process');
  const third = await start(adapter, await environment());
  assert.equal(third.exited(), undefined);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a prewarmed client is adopted by the first scenario and reset for it', async () => {
  const adapter = new ProcessAdapter(REFERENCE, undefined, pool);
  adapter.prewarm(await environment('udp'), 10_000);
  const env = await environment('tcp');
  const session = await start(adapter, env);
  const listening = new RegExp(`reset: listening on TCP 127\\.0\\.0\\.2:${env.localPort}`);
  assert.match(await logShows(session, listening), listening);
  assert.match(session.log(), /was started before this scenario and is reset for it/);
  assert.equal((await session.state(2000)).ok, true);
});

test('a kept client that crashed between scenarios is replaced, and the crash is in the log of the scenario it happened in', async () => {
  const adapter = new ProcessAdapter(REFERENCE, undefined, pool);
  const first = await start(adapter, await environment());
  const pid = Number(/client process started \(pid (\d+)\)/.exec(first.log())?.[1]);
  assert.ok(pid > 0, first.log());
  process.kill(pid, 'SIGKILL');
  while (!first.exited()) await new Promise((r) => setTimeout(r, 10));
  assert.match(first.log(), /client killed by SIGKILL/);
  await first.release();
  const second = await start(adapter, await environment());
  assert.equal(second.exited(), undefined);
  assert.equal((await second.state(2000)).ok, true);
});

test('a program that cannot be started fails the start at once, naming why, not after the ready timeout', async () => {
  const adapter = new ProcessAdapter(['./no-such-client-program'], os.tmpdir());
  // Without the fix the reason would be the ready timeout's ("did not say {"event":"ready"} within").
  await assert.rejects(adapter.start(await environment(), 10_000), /could not be started \(spawn \.\/no-such-client-program ENOENT\) before it was ready/);
});

test('a client that exits before it is ready: the reason quotes its last line on stderr', async () => {
  const adapter = new ProcessAdapter([process.execPath, '-e', 'console.error("Cannot find module /x/cli.js"); process.exit(1)'], os.tmpdir());
  await assert.rejects(adapter.start(await environment(), 10_000), /exited with code 1 before it was ready; its last line on stderr: Cannot find module \/x\/cli\.js/);
});


for (const kept of [false, true]) {
  test(`what a client started ends with it${kept ? ', for a kept client at the run\'s end' : ''}, though the client itself exited when its stdin closed`, async () => {
    // A wrapper that leaves a helper behind: it exits on end of file, its `sleep 30` would run on.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-im-spawner-'));
    const script = path.join(dir, 'client.js');
    fs.writeFileSync(
      script,
      `const helper = require('node:child_process').spawn('sleep', ['30'], { stdio: 'ignore' });
       helper.unref();
       process.stdout.write(JSON.stringify({ event: 'ready', name: 'spawner', version: '1' }) + '\\n');
       process.stdin.on('end', () => process.exit(0)).resume();`,
    );
    const adapter = new ProcessAdapter([process.execPath, script], dir, kept ? pool : undefined);
    const session = await start(adapter, await environment());
    const pgid = Number(pidOf(session.log()));
    assert.equal(psLive(pgid).length, 2, `the client and its helper: ${psLive(pgid).join(', ')}`);
    if (kept) {
      await session.release();
      await pool.stop();
    } else {
      await session.stop();
    }
    assert.deepEqual(psLive(pgid), []);
    assert.match(session.log(), /client exited with code 0/);
    if (!kept) assert.match(session.log(), new RegExp(`\\*\\* SIGTERM to the client's process group ${pgid}, still running: \\d+ sleep\n`));
    fs.rmSync(dir, { recursive: true, force: true });
  });
}

test('a kept client that dies in its scenario is not kept, and what it left running ends with the scenario, not with the run', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-im-crasher-'));
  const script = path.join(dir, 'client.js');
  // A wrapper whose vendor process outlives it: the wrapper dies at the rejoin, its `sleep 30` runs on.
  fs.writeFileSync(
    script,
    `const helper = require('node:child_process').spawn('sleep', ['30'], { stdio: 'ignore' });
     helper.unref();
     process.stdout.write(JSON.stringify({ event: 'ready', name: 'crasher', version: '1' }) + '\\n');
     require('node:readline').createInterface({ input: process.stdin }).on('line', () => process.exit(3));`,
  );
  const adapter = new ProcessAdapter([process.execPath, script], dir, pool);
  const session = await start(adapter, await environment());
  const pgid = Number(pidOf(session.log()));
  assert.match((await session.rejoin('sip:conf@example.invalid', 2000)).error ?? '', /client exited with code 3/);
  assert.equal(psLive(pgid).length, 1, `its helper runs on: ${psLive(pgid).join(', ')}`);
  await session.release();
  assert.deepEqual(psLive(pgid), [], 'ended at the scenario\'s end, before the pool is stopped');
  assert.match(session.log(), new RegExp(`SIGTERM to the client's process group ${pgid}, still running: \\d+ sleep`));
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a client that leaves a process outside its group holding its output: the suite stops reading it and says so', async (t) => {
  const seconds = `32.${process.pid}`;
  t.after(() => execFileSync('pkill', ['-f', `sleep ${seconds}`], { stdio: 'ignore' }));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-im-escaper-'));
  const script = path.join(dir, 'client.js');
  // setsid: a session (and group) of its own, with the client's stdout and stderr.
  fs.writeFileSync(
    script,
    `require('node:child_process').spawn('setsid', ['sleep', '${seconds}'], { stdio: ['ignore', 'inherit', 'inherit'] }).unref();
     process.stdout.write(JSON.stringify({ event: 'ready', name: 'escaper', version: '1' }) + '\\n');
     process.stdin.on('end', () => process.exit(0)).resume();`,
  );
  const session = await start(new ProcessAdapter([process.execPath, script], dir), await environment());
  await session.stop();
  assert.match(session.log(), /client exited with code 0/);
  assert.match(session.log(), /\*\* the client's output is still held open by a process outside its process group \(setsid, a daemon\)/);
  fs.rmSync(dir, { recursive: true, force: true });
});
