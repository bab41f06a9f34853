import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClientState } from '../../client/im-client';
import { readyLine, UpperTester, type UserActions } from '../../client/upper-tester';

function harness(actions: Partial<UserActions> = {}) {
  const lines: unknown[] = [];
  const calls: string[] = [];
  const state: ClientState = { allow: ['INVITE', 'BYE'], sessionIdentity: 'sip:conf@im.invalid;isfocus', subscribed: false, msrp: 'none' };
  const tester = new UpperTester(
    {
      rejoin: async (c) => void calls.push(`rejoin ${c}`),
      leave: async () => void calls.push('leave'),
      state: () => state,
      ...actions,
    },
    (line) => {
      assert.ok(!line.includes('\n'), 'one reply, one line');
      lines.push(JSON.parse(line));
    },
  );
  return { tester, lines, calls };
}

test('upper tester: ready line', () => {
  assert.deepEqual(JSON.parse(readyLine('simple-im-reference', '1.2.3')), { event: 'ready', name: 'simple-im-reference', version: '1.2.3' });
});

test('upper tester: rejoin, leave and state answer with the request id', async () => {
  const { tester, lines, calls } = harness();
  await tester.handleLine('{"id":1,"action":"rejoin","conference":"sip:c@x.invalid"}');
  await tester.handleLine('{"id":2,"action":"state"}');
  await tester.handleLine('{"id":3,"action":"leave"}');
  await tester.handleLine('{"id":"four","action":"rejoin"}');
  assert.deepEqual(calls, ['rejoin sip:c@x.invalid', 'leave', 'rejoin undefined']);
  assert.deepEqual(lines, [
    { id: 1, ok: true },
    { id: 2, ok: true, state: { allow: ['INVITE', 'BYE'], sessionIdentity: 'sip:conf@im.invalid;isfocus', subscribed: false, msrp: 'none' } },
    { id: 3, ok: true },
    { id: 'four', ok: true },
  ]);
});

test('upper tester: a failed action is ok:false with its message', async () => {
  const { tester, lines } = harness({
    rejoin: () => Promise.reject(new Error('486 Busy Here')),
    leave: () => Promise.reject(new Error('no session')),
  });
  await tester.handleLine('{"id":1,"action":"rejoin"}');
  await tester.handleLine('{"id":2,"action":"leave"}');
  assert.deepEqual(lines, [
    { id: 1, ok: false, error: '486 Busy Here' },
    { id: 2, ok: false, error: 'no session' },
  ]);
});

test('upper tester: unknown actions are unsupported, bad lines are bad requests, nothing throws', async () => {
  const { tester, lines } = harness();
  await tester.handleLine('{"id":7,"action":"subscribe"}');
  await tester.handleLine('{"id":8}');
  await tester.handleLine('not json');
  await tester.handleLine('[1,2]');
  await tester.handleLine('{"action":"state"}');
  await tester.handleLine('{"id":9,"action":"rejoin","conference":42}');
  await tester.handleLine('   ');
  assert.deepEqual(lines[0], { id: 7, ok: false, error: 'unsupported' });
  assert.deepEqual(lines[1], { id: 8, ok: false, error: 'unsupported' });
  for (const l of lines.slice(2, 5)) {
    assert.equal((l as { ok: boolean }).ok, false);
    assert.match((l as { error: string }).error, /^bad request: /);
    assert.ok(!('id' in (l as object)));
  }
  assert.deepEqual(lines[5], { id: 9, ok: false, error: 'bad request: "conference" must be a string' });
  assert.equal(lines.length, 6, 'a blank line gets no answer');
});

test('upper tester: reset hands the new configuration over, or says unsupported when the client cannot', async () => {
  const resets: Array<Record<string, string>> = [];
  const { tester, lines } = harness({ reset: async (env) => void resets.push(env) });
  await tester.handleLine('{"id":1,"action":"reset","env":{"IM_TRANSPORT":"tcp","IM_LOCAL_PORT":"40001"}}');
  await tester.handleLine('{"id":2,"action":"reset","env":{"IM_LOCAL_PORT":40001}}');
  await tester.handleLine('{"id":3,"action":"reset"}');
  assert.deepEqual(resets, [{ IM_TRANSPORT: 'tcp', IM_LOCAL_PORT: '40001' }]);
  assert.deepEqual(lines, [
    { id: 1, ok: true },
    { id: 2, ok: false, error: 'bad request: "env" must be an object of strings' },
    { id: 3, ok: false, error: 'bad request: "env" must be an object of strings' },
  ]);

  const plain = harness();
  await plain.tester.handleLine('{"id":4,"action":"reset","env":{}}');
  assert.deepEqual(plain.lines, [{ id: 4, ok: false, error: 'unsupported' }]);
});
