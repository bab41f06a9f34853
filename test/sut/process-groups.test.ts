import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { after, test } from 'node:test';
import { PROJECT_ROOT } from '../../support/project';
import { endGroups, liveMembers, trackedGroups, trackGroup, type GroupMember } from '../../support/sut/process-groups';
import { psLive } from '../helpers/process-table';


const started: number[] = [];
// A test that fails before it ends its group must not leave a `sleep 30` holding the file open.
after(() => {
  for (const pgid of started) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // ended by its test
    }
  }
});

/** `script` in /bin/sh, leading a group of its own; resolves with the group and its first line of output. */
async function group(script: string): Promise<{ child: ChildProcess; pgid: number; line: string }> {
  const child = spawn('/bin/sh', ['-c', script], { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  started.push(child.pid!);
  const line = await new Promise<string>((resolve) => readline.createInterface({ input: child.stdout! }).once('line', resolve));
  return { child, pgid: child.pid!, line };
}

const exited = (child: ChildProcess): Promise<unknown> => (child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', r)));

test('a group whose first process exited is ended all the same: its backgrounded child gets SIGTERM', async () => {
  const { child, pgid, line } = await group('sleep 30 & echo $!');
  await exited(child);
  const sleep = Number(line);
  // The forked shell may not have exec'd `sleep` yet (it is "sh" until then): wait for it, bounded.
  const until = Date.now() + 2000;
  while (liveMembers(pgid)[0]?.command !== 'sleep' && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(liveMembers(pgid), [{ pid: sleep, command: 'sleep' }]);
  const signals: string[] = [];
  const ended = await endGroups([pgid], { onSignal: (g, signal, members) => signals.push(`${g} ${signal} ${members.map((m) => m.pid).join(',')}`) });
  assert.deepEqual(signals, [`${pgid} SIGTERM ${sleep}`]);
  assert.deepEqual(ended, [{ pgid, members: [{ pid: sleep, command: 'sleep' }], killed: false, survivors: [] }]);
  assert.deepEqual(psLive(pgid), []);
});

test('a member that ignores SIGTERM gets SIGKILL after the grace', async () => {
  const { child, pgid } = await group(`trap '' TERM; echo trapped; sleep 30`);
  const ended = await endGroups([pgid], { graceMs: 200 });
  assert.equal(ended.length, 1);
  assert.equal(ended[0].killed, true);
  assert.deepEqual(ended[0].survivors, []);
  assert.deepEqual(psLive(pgid), []);
  await exited(child);
  assert.equal(child.signalCode, 'SIGKILL');
});

test('a process that outlives SIGKILL is reported with its pid and name', async () => {
  // Linux ends every process on SIGKILL but one in uninterruptible sleep: the membership is simulated.
  const { child, pgid } = await group('echo started; sleep 30');
  const stubborn: GroupMember = { pid: 99999, command: 'stuck-in-io' };
  const signals: string[] = [];
  const ended = await endGroups([pgid], {
    graceMs: 50,
    members: (pgids) => new Map(pgids.map((g) => [g, [stubborn]])),
    onSignal: (_g, signal) => signals.push(signal),
  });
  assert.deepEqual(signals, ['SIGTERM', 'SIGKILL']);
  assert.deepEqual(ended, [{ pgid, members: [stubborn], killed: true, survivors: [stubborn] }]);
  await exited(child); // the real one did get both signals
});

test('zombies are not alive: a group left with a zombie only is empty, and ending it costs no wait', { skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
  // `exec sleep` never waits for its children: the backgrounded short sleep, still running when
  // the shell becomes `sleep 30` (the shell would have reaped it), stays a zombie in the group.
  const { child, pgid, line } = await group('sleep 0.1 & echo $!; exec sleep 30');
  const zombie = Number(line);
  const until = Date.now() + 2000;
  const state = (): string => fs.readFileSync(`/proc/${zombie}/stat`, 'utf8').split(') ')[1][0];
  while (state() !== 'Z' && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  assert.equal(state(), 'Z');
  assert.deepEqual(liveMembers(pgid), [{ pid: pgid, command: 'sleep' }], 'the zombie is not counted');

  process.kill(pgid, 'SIGKILL');
  await exited(child);
  // Orphaned, the zombie goes to PID 1, which in a container may never reap it: the group stays
  // visible to kill(-pgid, 0), and must still count as empty.
  assert.deepEqual(liveMembers(pgid), []);
  const started = Date.now();
  assert.deepEqual(await endGroups([pgid], { graceMs: 5000 }), []);
  assert.ok(Date.now() - started < 1000, 'an empty group is not waited for');
});

test('the stop-signal listeners are there only while a group is tracked', async () => {
  const before = ['SIGINT', 'SIGTERM', 'SIGHUP'].map((s) => process.listenerCount(s));
  const { pgid } = await group('echo started; sleep 30');
  trackGroup(pgid);
  assert.deepEqual(trackedGroups(), [pgid]);
  assert.deepEqual(
    ['SIGINT', 'SIGTERM', 'SIGHUP'].map((s) => process.listenerCount(s)),
    before.map((n) => n + 1),
  );
  await endGroups([pgid]);
  assert.deepEqual(trackedGroups(), []);
  assert.deepEqual(
    ['SIGINT', 'SIGTERM', 'SIGHUP'].map((s) => process.listenerCount(s)),
    before,
  );
});

/** A Node process that starts `sleep 30` in a group of its own, tracks it, prints its pgid and waits; `then` runs after. */
function suiteWithAClient(then = ''): ChildProcess {
  const module = path.join(PROJECT_ROOT, 'dist', 'support', 'sut', 'process-groups.js');
  const script = `
    const { spawn } = require('node:child_process');
    const { trackGroup } = require(${JSON.stringify(module)});
    const client = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
    client.unref();
    trackGroup(client.pid);
    console.log(client.pid);
    ${then}
    setInterval(() => {}, 1000);`;
  return spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
}

for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
  test(`a suite stopped by ${signal} ends the groups it started, then stops as ${signal} would have stopped it`, async () => {
    const suite = suiteWithAClient();
    const pgid = Number(await new Promise<string>((resolve) => readline.createInterface({ input: suite.stdout! }).once('line', resolve)));
    assert.deepEqual(psLive(pgid), [`${pgid} sleep`]);
    suite.kill(signal);
    await exited(suite);
    assert.equal(suite.signalCode, signal);
    assert.deepEqual(psLive(pgid), []);
  });
}

test('a suite that exits kills the groups it started and did not end', async () => {
  const suite = suiteWithAClient('setTimeout(() => process.exit(3), 50);');
  const pgid = Number(await new Promise<string>((resolve) => readline.createInterface({ input: suite.stdout! }).once('line', resolve)));
  await exited(suite);
  assert.equal(suite.exitCode, 3);
  // SIGKILL was sent as the suite exited; the sleep may need a moment to be gone.
  const until = Date.now() + 2000;
  while (psLive(pgid).length > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(psLive(pgid), []);
});
