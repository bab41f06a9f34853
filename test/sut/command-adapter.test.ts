import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CommandAdapter } from '../../support/sut/command-adapter';
import { SutStartError } from '../../support/sut/sut-adapter';
import type { SutEnvironment } from '../../support/sut/sut-adapter';

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
  // Not our child, so no exit event: poll, bounded, until the system has reaped it.
  const deadline = Date.now() + 2000;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.equal(alive(pid), false, 'the grandchild sleep must be gone');
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
