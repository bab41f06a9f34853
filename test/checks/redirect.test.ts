import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkRedirectHandled } from '../../support/checks/redirect';
import { recorded, sipText } from '../helpers/messages';
import { INVITE_MSG, request } from '../helpers/dialog';

const final = (status: string, extra: string[] = []) =>
  recorded(sipText([`SIP/2.0 ${status}`, 'To: <sip:conf-42@conference.example.invalid>;tag=srv1', 'Call-ID: a84b4c76e66710@127.0.0.2', 'CSeq: 314159 INVITE', ...extra]), { seq: 2, direction: 'to-client' });
// The ACK of a non-2xx is in the INVITE's transaction: same branch and Request-URI.
const sameTxAck = (seq = 3) => request('ACK', seq, { uri: 'sip:conf-42@conference.example.invalid', branch: 'z9hG4bK776asdhds' });
const verdicts = (f: Array<{ check: string; verdict: string }>) => Object.fromEntries(f.map((x) => [x.check, x.verdict]));

test('RB-03: following the 302 once to its Contact passes; twice, or elsewhere, FAILs', () => {
  const moved = final('302 Moved Temporarily', ['Contact: <sip:conf-42@moved.example.invalid>']);
  const to = (uri: string, seq: number) => request('INVITE', seq, { uri, toTag: null, callId: `new${seq}`, cseq: '1 INVITE' });
  const base = { invite: INVITE_MSG, redirect: moved, acks: [sameTxAck()] };
  assert.deepEqual(verdicts(checkRedirectHandled({ ...base, later: [to('sip:conf-42@moved.example.invalid', 4)] })), { 'redirect-ack': 'PASS', 'no-redirect-loop': 'PASS' });
  assert.equal(verdicts(checkRedirectHandled({ ...base, later: [] }))['no-redirect-loop'], 'PASS');
  assert.equal(verdicts(checkRedirectHandled({ ...base, later: [to('sip:conf-42@moved.example.invalid', 4), to('sip:conf-42@moved.example.invalid', 6)] }))['no-redirect-loop'], 'FAIL');
  assert.equal(verdicts(checkRedirectHandled({ ...base, later: [to('sip:elsewhere@x.invalid', 4)] }))['no-redirect-loop'], 'FAIL');
});
