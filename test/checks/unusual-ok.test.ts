import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkSessionSetUpAnyway } from '../../support/checks/unusual-ok';
import { ok, request } from '../helpers/dialog';

const verdicts = (f: Array<{ check: string; verdict: string }>) => Object.fromEntries(f.map((x) => [x.check, x.verdict]));

test('RB-05: an ACKed odd 200 OK passes; no ACK or an immediate BYE FAILs', () => {
  assert.deepEqual(verdicts(checkSessionSetUpAnyway({ ok: ok({ allow: null }), acks: [request('ACK', 3)], later: [] })), { 'session-established': 'PASS', 'no-immediate-bye': 'PASS' });
  assert.deepEqual(verdicts(checkSessionSetUpAnyway({ ok: ok(), acks: [], later: [request('BYE', 4)] })), { 'session-established': 'FAIL', 'no-immediate-bye': 'FAIL' });
});
