import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkErrorAnswerHandled } from '../../support/checks/error-answers';
import { recorded, sipText } from '../helpers/messages';
import { INVITE_MSG, request } from '../helpers/dialog';

const final = (status: string, extra: string[] = []) =>
  recorded(sipText([`SIP/2.0 ${status}`, 'To: <sip:conf-42@conference.example.invalid>;tag=srv1', 'Call-ID: a84b4c76e66710@127.0.0.2', 'CSeq: 314159 INVITE', ...extra]), { seq: 2, direction: 'to-client' });
// The ACK of a non-2xx is in the INVITE's transaction: same branch and Request-URI.
const sameTxAck = (seq = 3) => request('ACK', seq, { uri: 'sip:conf-42@conference.example.invalid', branch: 'z9hG4bK776asdhds' });
const verdicts = (f: Array<{ check: string; verdict: string }>) => Object.fromEntries(f.map((x) => [x.check, x.verdict]));

test('RB-01: a 486 ACKed in its transaction and nothing more passes; a new branch or a later request FAILs', () => {
  const busy = final('486 Busy Here');
  assert.deepEqual(verdicts(checkErrorAnswerHandled({ invite: INVITE_MSG, final: busy, acks: [sameTxAck()], later: [] })), { 'non2xx-ack': 'PASS', 'no-further-requests': 'PASS' });
  const wrong = checkErrorAnswerHandled({ invite: INVITE_MSG, final: busy, acks: [request('ACK', 3, { uri: 'sip:conf-42@conference.example.invalid' })], later: [request('BYE', 4)] });
  assert.deepEqual(verdicts(wrong), { 'non2xx-ack': 'FAIL', 'no-further-requests': 'FAIL' });
  assert.match(wrong[0].summary, /branch z9hG4bKack3 instead of z9hG4bK776asdhds/);
  assert.equal(verdicts(checkErrorAnswerHandled({ invite: INVITE_MSG, final: busy, acks: [], later: [] }))['non2xx-ack'], 'FAIL');
});
