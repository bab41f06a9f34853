import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkEarlyNotifyAccepted, checkErrorAnswerHandled, checkInviteRetransmission, checkLostInviteRecovered, checkRedirectHandled, checkSessionSetUpAnyway } from '../../support/checks/robustness-cases';
import { invite, recorded, sipText } from '../helpers/messages';
import { INVITE_MSG, ok, request } from '../helpers/dialog';

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

test('RB-02: copies at T1 and 2·T1 pass; no copy, or a copy far off Timer A, FAILs; TCP wants one copy', () => {
  const copy = (seq: number, at: number) => invite(undefined, undefined, { seq, at });
  const good = checkInviteRetransmission({ invites: [copy(1, 0), copy(2, 500), copy(3, 1510)], transport: 'udp', t1Ms: 500, waitedMs: 4000 });
  assert.deepEqual(verdicts(good), { 'invite-retransmitted': 'PASS', 'timer-a-doubling': 'PASS' });
  assert.equal(checkInviteRetransmission({ invites: [copy(1, 0)], transport: 'udp', t1Ms: 500, waitedMs: 4000 })[0].verdict, 'FAIL');
  const off = checkInviteRetransmission({ invites: [copy(1, 0), copy(2, 100)], transport: 'udp', t1Ms: 500, waitedMs: 4000 });
  assert.equal(verdicts(off)['timer-a-doubling'], 'FAIL');
  assert.match(off[1].summary, /gap before copy 2 is 100 ms where Timer A gives 500 ms/);
  assert.equal(checkInviteRetransmission({ invites: [copy(1, 0), copy(2, 500)], transport: 'tcp', t1Ms: 500, waitedMs: 4000 })[0].verdict, 'FAIL');
  assert.equal(checkInviteRetransmission({ invites: [copy(1, 0)], transport: 'udp', t1Ms: 500, waitedMs: 600 })[0].verdict, 'INCONC');
});

test('RB-02, a lost INVITE: a copy answered and ACKed passes; no copy, or no ACK of the 2xx to it, FAILs; no 2xx is INCONC', () => {
  const copy = (seq: number, at: number) => invite(undefined, undefined, { seq, at });
  const invites = [copy(1, 0), copy(2, 50)];
  const base = { invites, finals: [ok()], t1Ms: 50, waitedMs: 60 };
  assert.deepEqual(verdicts(checkLostInviteRecovered({ ...base, acks: [request('ACK', 5)] })), { 'lost-invite-retransmitted': 'PASS', 'session-set-up-after-loss': 'PASS' });
  const unacked = checkLostInviteRecovered({ ...base, acks: [] });
  assert.equal(verdicts(unacked)['session-set-up-after-loss'], 'FAIL');
  assert.match(unacked[1].summary, /did not acknowledge the 2xx .* that answered its retransmitted INVITE/);
  const none = checkLostInviteRecovered({ ...base, invites: [copy(1, 0)], acks: [], waitedMs: 200 });
  assert.deepEqual(verdicts(none), { 'lost-invite-retransmitted': 'FAIL' });
  assert.match(none[0].summary, /lost over UDP and the client sent no copy within 200 ms \(RFC 3261 Timer A starts at T1 = 50 ms\)/);
  assert.equal(verdicts(checkLostInviteRecovered({ ...base, finals: [], acks: [] }))['session-set-up-after-loss'], 'INCONC');
});

test('RB-03: following the 302 once to its Contact passes; twice, or elsewhere, FAILs', () => {
  const moved = final('302 Moved Temporarily', ['Contact: <sip:conf-42@moved.example.invalid>']);
  const to = (uri: string, seq: number) => request('INVITE', seq, { uri, toTag: null, callId: `new${seq}`, cseq: '1 INVITE' });
  const base = { invite: INVITE_MSG, redirect: moved, acks: [sameTxAck()] };
  assert.deepEqual(verdicts(checkRedirectHandled({ ...base, later: [to('sip:conf-42@moved.example.invalid', 4)] })), { 'redirect-ack': 'PASS', 'no-redirect-loop': 'PASS' });
  assert.equal(verdicts(checkRedirectHandled({ ...base, later: [] }))['no-redirect-loop'], 'PASS');
  assert.equal(verdicts(checkRedirectHandled({ ...base, later: [to('sip:conf-42@moved.example.invalid', 4), to('sip:conf-42@moved.example.invalid', 6)] }))['no-redirect-loop'], 'FAIL');
  assert.equal(verdicts(checkRedirectHandled({ ...base, later: [to('sip:elsewhere@x.invalid', 4)] }))['no-redirect-loop'], 'FAIL');
});

test('RB-05: an ACKed odd 200 OK passes; no ACK or an immediate BYE FAILs', () => {
  assert.deepEqual(verdicts(checkSessionSetUpAnyway({ ok: ok({ allow: null }), acks: [request('ACK', 3)], later: [] })), { 'session-established': 'PASS', 'no-immediate-bye': 'PASS' });
  assert.deepEqual(verdicts(checkSessionSetUpAnyway({ ok: ok(), acks: [], later: [request('BYE', 4)] })), { 'session-established': 'FAIL', 'no-immediate-bye': 'FAIL' });
});

test('RB-06: a 2xx to the early NOTIFY passes; 481 or no answer FAILs', () => {
  const notify = recorded(sipText(['NOTIFY sip:alice@127.0.0.2 SIP/2.0', 'Call-ID: s', 'CSeq: 1 NOTIFY']), { seq: 5, direction: 'to-client' });
  const answer = (status: string) => recorded(sipText([`SIP/2.0 ${status}`, 'Call-ID: s', 'CSeq: 1 NOTIFY']), { seq: 6 });
  assert.equal(checkEarlyNotifyAccepted({ notify, response: answer('200 OK') })[0].verdict, 'PASS');
  const refused = checkEarlyNotifyAccepted({ notify, response: answer('481 Call/Transaction Does Not Exist') })[0];
  assert.equal(refused.verdict, 'FAIL');
  assert.match(refused.summary, /481/);
  assert.equal(checkEarlyNotifyAccepted({ notify })[0].verdict, 'FAIL');
});
