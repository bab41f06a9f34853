import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { CommandAdapter } from '../../support/sut/command-adapter';
import { SutStartError } from '../../support/sut/sut-adapter';
import type { SutEnvironment } from '../../support/sut/sut-adapter';
import { psLive } from '../helpers/process-table';

const env: SutEnvironment = {
  conferenceUri: 'sip:conf@x.invalid',
  outboundProxy: 'sip:127.0.0.1:5999;transport=udp;lr',
  proxyHost: '127.0.0.1',
  proxyPort: 5999,
  transport: 'udp',
  ipVersion: '4',
  userUri: 'sip:alice@example.invalid',
  localHost: '127.0.0.2',
  localPort: 5998,
  t1Ms: 500,
  extra: { EXTRA_VAR: 'from-profile' },
};

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};


test('commands run with the upper tester variables; exit status is the reply; output is evidence', async () => {
  const session = await new CommandAdapter({ rejoin: 'echo "rejoin $IM_CONFERENCE_URI via $IM_OUTBOUND_PROXY $EXTRA_VAR"', leave: 'echo bye >&2; exit 3' }).start(env, 1000);
  try {
    assert.deepEqual(await session.rejoin('sip:other@y.invalid', 2000), { ok: true });
    const left = await session.leave(2000);
    assert.equal(left.ok, false);
    assert.match(left.error ?? '', /exited with code 3/);
    assert.deepEqual(await session.state(1000), { ok: false, error: 'unsupported' });
    assert.match(session.log(), /<- \[rejoin\] rejoin sip:other@y\.invalid via sip:127\.0\.0\.1:5999;transport=udp;lr from-profile/);
    assert.match(session.log(), /!! \[leave\] bye/);
  } finally {
    await session.stop();
  }
});

test('an action without a command is "unsupported"; one that hangs is cut at its bound', async () => {
  const session = await new CommandAdapter({ rejoin: 'sleep 30' }).start(env, 1000);
  try {
    assert.deepEqual(await session.leave(1000), { ok: false, error: 'unsupported' });
    const hung = await session.rejoin('sip:c@x.invalid', 200);
    assert.match(hung.error ?? '', /did not end within 200 ms/);
  } finally {
    await session.stop();
  }
});

test('the start command must print its ready line in time, else the start fails with its output', async () => {
  await assert.rejects(
    new CommandAdapter({ start: 'echo warming up; sleep 30', readyPattern: '^READY$', rejoin: 'true' }).start(env, 300),
    (e: unknown) => e instanceof SutStartError && /no line matching/.test(e.message) && /warming up/.test(e.log),
  );
});

test('stop kills everything the start command started, children included', async () => {
  const session = await new CommandAdapter({ start: 'sleep 30 & echo "child $!"; echo READY; wait', readyPattern: '^READY$', rejoin: 'true' }).start(env, 2000);
  const pid = Number(/child (\d+)/.exec(session.log())?.[1]);
  assert.ok(pid > 0 && alive(pid));
  await session.stop();
  // Not our child, and an orphan's zombie may never be reaped (a container's PID 1): ps, not kill(pid, 0).
  const pgid = Number(/SIGTERM to process group (\d+)/.exec(session.log())?.[1]);
  assert.ok(pgid > 0, session.log());
  assert.deepEqual(psLive(pgid), [], 'the grandchild sleep must be gone');
});

test('stop ends what a rejoin left running in the background, though the rejoin command itself had exited', async () => {
  const session = await new CommandAdapter({ rejoin: 'echo "group $$"; sleep 30 &' }).start(env, 1000);
  assert.deepEqual(await session.rejoin('sip:c@x.invalid', 2000), { ok: true });
  const pgid = Number(/group (\d+)/.exec(session.log())?.[1]);
  assert.match(session.log(), /\*\* \[rejoin\] exited with code 0/);
  assert.equal(psLive(pgid).length, 1, 'the backgrounded sleep runs on');
  await session.stop();
  assert.deepEqual(psLive(pgid), []);
  assert.match(session.log(), new RegExp(`\\*\\* \\[rejoin\\] SIGTERM to process group ${pgid}, still running: \\d+ sleep\n`));
  assert.doesNotMatch(session.log(), /SIGKILL/, 'sleep ends on SIGTERM');
});

test('a process that ignores SIGTERM gets SIGKILL, and the log says so', async () => {
  const session = await new CommandAdapter({ start: `trap '' TERM; echo READY; sleep 30`, readyPattern: '^READY$', rejoin: 'true' }).start(env, 2000);
  await session.stop();
  // At SIGTERM the shell's child may not have exec'd `sleep` yet (it is "sh" until then).
  assert.match(session.log(), /\*\* \[start\] SIGTERM to process group (\d+), still running: \1 sh, \d+ (sh|sleep)\n.*\*\* \[start\] SIGKILL to process group \1, still running: \1 sh, \d+ sleep\n/s);
  assert.match(session.log(), /\*\* \[start\] killed by SIGKILL/, 'the exit is in the log too');
});

test('what the start command prints after its ready line reaches the log while it runs, not at its exit', async () => {
  // More than a pipe holds, too: a stream paused after the ready line would block the writer.
  const session = await new CommandAdapter({ start: 'echo READY; sleep 0.2; yes "a line that helps to fill the pipe" | head -n 3000; echo "after ready"; sleep 30', readyPattern: '^READY$', rejoin: 'true' }).start(env, 2000);
  try {
    const deadline = Date.now() + 3000;
    while (!/<- \[start\] after ready/.test(session.log()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.match(session.log(), /<- \[start\] after ready/);
    assert.equal(session.exited(), undefined, 'the start command is still running');
  } finally {
    await session.stop();
  }
});

test('a process that left its group and holds a command\'s output does not keep the suite running: the suite stops reading it and says so', async (t) => {
  // Unique seconds name the escaped sleep, to find it and clean it up here.
  const seconds = `31.${process.pid}`;
  t.after(() => execFileSync('pkill', ['-f', `sleep ${seconds}`], { stdio: 'ignore' }));
  const script = `
    const { CommandAdapter } = require(${JSON.stringify(require.resolve('../../support/sut/command-adapter'))});
    (async () => {
      const session = await new CommandAdapter({ rejoin: 'setsid sleep ${seconds} & exit 0' }).start(${JSON.stringify(env)}, 1000);
      await session.rejoin('sip:c@x.invalid', 2000);
      await session.stop();
      process.stdout.write(session.log());
    })();`;
  // The suite's process ends (execFileSync returns) while the escaped process still runs.
  const log = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20_000 });
  assert.match(log, /\*\* \[rejoin\] its output is still held open by a process outside its process group \(setsid, a daemon\): that process is out of the suite's reach/);
  assert.match(execFileSync('pgrep', ['-f', `sleep ${seconds}`], { encoding: 'utf8' }), /^\d+/m, 'the escaped process is alive: it held the pipe');
});
