import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ScenarioDialogs, strayMessages } from '../../support/im-server/scenario-dialogs';
import type { RecordedMessage } from '../../support/sip/recorded-message';
import { INVITE_MSG, ok, request } from '../helpers/dialog';
import { recorded, sipText } from '../helpers/messages';

/** The exchange of the scenario so far: the client's INVITE (Call-ID a84b4c76e66710@127.0.0.2) and the test bed's 200 OK (To tag srv1). */
function answered(): ScenarioDialogs {
  const dialogs = new ScenarioDialogs();
  assert.equal(dialogs.admit(INVITE_MSG), undefined);
  assert.equal(dialogs.admit(ok({ toTag: 'srv1' })), undefined);
  return dialogs;
}

const OLD = { callId: 'old-dialog@127.0.0.2', toTag: 'old-srv' };
/** What an earlier client sends from its own port, which this scenario's client never used. */
const fromElsewhere = (m: RecordedMessage): RecordedMessage => ({ ...m, source: { host: m.source.host, port: 6080 } });

test("the client's requests of the scenario's dialog belong to it, whatever they get wrong", () => {
  const dialogs = answered();
  assert.equal(dialogs.admit(request('ACK', 3, { cseq: '1 ACK' })), undefined);
  // RJ-05's faults: the ACK's Call-ID or its To tag wrong, never both, is still the client's ACK.
  assert.equal(dialogs.admit(request('ACK', 4, { cseq: '1 ACK', callId: 'other-a84b4c76e66710@127.0.0.2' })), undefined);
  assert.equal(dialogs.admit(request('ACK', 5, { cseq: '1 ACK', toTag: null })), undefined);
  assert.equal(dialogs.admit(request('BYE', 6, { cseq: '2 BYE' })), undefined);
});

test('a request that may start a dialog is judged even with a To tag of no dialog (an initial request built wrong)', () => {
  const dialogs = answered();
  assert.equal(dialogs.admit(request('SUBSCRIBE', 3, { ...OLD, cseq: '1 SUBSCRIBE' })), undefined);
  assert.equal(dialogs.admit(request('INVITE', 4, { callId: 'fresh@127.0.0.2', toTag: 'rejoin', cseq: '1 INVITE' })), undefined);
  assert.equal(dialogs.admit(request('OPTIONS', 5, { callId: 'keepalive@127.0.0.2', toTag: null, cseq: '1 OPTIONS' })), undefined);
  // …and what it started is the scenario's: its BYE is no stray.
  assert.equal(dialogs.admit(request('BYE', 6, { callId: 'fresh@127.0.0.2', toTag: 'rejoin', cseq: '2 BYE' })), undefined);
});

test('a request that exists only in a dialog or transaction the test bed never had is stray, and says why', () => {
  const dialogs = answered();
  for (const [seq, method] of ['BYE', 'ACK', 'CANCEL', 'UPDATE', 'INFO', 'PRACK', 'NOTIFY'].entries()) {
    const why = dialogs.admit(fromElsewhere(request(method, 10 + seq, { ...OLD, cseq: `7 ${method}` })));
    assert.match(why ?? '', new RegExp(`^a ${method} of no (dialog|INVITE transaction) .*Call-ID old-dialog@127\\.0\\.0\\.2 unknown here, To tag old-srv not one it gave`), method);
  }
  // An ACK with no To tag and an unknown Call-ID acknowledges nothing of the scenario either.
  assert.match(dialogs.admit(fromElsewhere(request('ACK', 20, { callId: 'gone@127.0.0.2', toTag: null, cseq: '1 ACK' }))) ?? '', /^a ACK of no INVITE transaction/);
  // A stray teaches nothing, nor does the test bed's 481 to it (its Call-ID and To tag are the stray's): a second request of that dialog is stray too.
  const answer481 = recorded(sipText(['SIP/2.0 481 Call/Transaction Does Not Exist', 'Via: SIP/2.0/UDP 127.0.0.2:5070;branch=z9hG4bKbye10', 'From: <sip:alice@example.invalid>;tag=1928301774', `To: <sip:conf-42@conference.example.invalid>;tag=${OLD.toTag}`, `Call-ID: ${OLD.callId}`, 'CSeq: 7 BYE']), { seq: 21, direction: 'to-client' });
  assert.equal(dialogs.admit(answer481), undefined);
  assert.ok(dialogs.admit(fromElsewhere(request('BYE', 22, { ...OLD, cseq: '8 BYE' }))));
  assert.ok(dialogs.admit(fromElsewhere(request('ACK', 23, { ...OLD, cseq: '7 ACK' }))));
});

test("what comes from the port the client's messages of the scenario came from is the client's, however wrong: a BYE built from scratch is judged", () => {
  const dialogs = answered();
  // From the INVITE's own port: a BYE with a Call-ID and a To tag of no dialog (RJ-07 FAILs it).
  assert.equal(dialogs.admit(request('BYE', 3, { ...OLD, cseq: '2 BYE' })), undefined);
  // …and what it named is the scenario's now. Another dialog, over TCP: the connection is another
  // source, so the same kind of BYE there, from a port never used, is stray.
  const older = { callId: 'older@127.0.0.2', toTag: 'older-srv' };
  assert.ok(dialogs.admit({ ...request('BYE', 4, { ...older, cseq: '3 BYE' }), transport: 'tcp' }));
  // A stray teaches no port: the earlier client's next request from it is stray too.
  assert.ok(dialogs.admit(fromElsewhere(request('BYE', 5, { ...older, cseq: '4 BYE' }))));
  assert.ok(dialogs.admit(fromElsewhere(request('BYE', 6, { ...older, cseq: '5 BYE' }))));
});

test("a response of the client answers a request the test bed sent, or it is stray", () => {
  const dialogs = answered();
  const notify = recorded(sipText(['NOTIFY sip:alice@127.0.0.2:5070 SIP/2.0', 'Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKn1', 'From: <sip:conf-42@conference.example.invalid>;tag=srv2', 'To: <sip:alice@example.invalid>;tag=cl2', 'Call-ID: sub-1@127.0.0.2', 'CSeq: 1 NOTIFY']), { seq: 3, direction: 'to-client' });
  assert.equal(dialogs.admit(notify), undefined);
  const answer = (seq: number, callId: string, cseq: string): RecordedMessage =>
    recorded(sipText(['SIP/2.0 200 OK', 'Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKn1', 'From: <sip:conf-42@conference.example.invalid>;tag=srv2', 'To: <sip:alice@example.invalid>;tag=cl2', `Call-ID: ${callId}`, `CSeq: ${cseq}`]), { seq });
  assert.equal(dialogs.admit(answer(4, 'sub-1@127.0.0.2', '1 NOTIFY')), undefined);
  assert.match(dialogs.admit(fromElsewhere(answer(5, 'sub-1@127.0.0.2', '2 NOTIFY'))) ?? '', /^a response to no request the test bed sent in this scenario \(Call-ID sub-1@127\.0\.0\.2, CSeq 2 NOTIFY\)$/);
  assert.match(dialogs.admit(fromElsewhere(answer(6, 'old-sub@127.0.0.2', '1 NOTIFY'))) ?? '', /^a response to no request/);
  // The test bed's NOTIFY's From tag is its own: a BYE in that dialog under another Call-ID is not stray.
  assert.equal(dialogs.admit(request('BYE', 7, { callId: 'x@127.0.0.2', toTag: 'srv2', cseq: '2 BYE' })), undefined);
});

test('bytes that do not parse, and what is not SIP, are never stray: they are judged as they are', () => {
  const dialogs = new ScenarioDialogs();
  assert.equal(dialogs.admit(recorded(Buffer.from('BYE garbage\r\n\r\n'), { seq: 1 })), undefined);
  assert.equal(dialogs.admit({ ...request('BYE', 2, OLD), protocol: 'keep-alive' }), undefined);
});

test('the marks can be worked out again from a recorded trace, in its order', () => {
  const trace = [fromElsewhere(request('BYE', 1, { ...OLD, cseq: '3 BYE' })), INVITE_MSG, ok({ toTag: 'srv1' }, 3), request('ACK', 4, { cseq: '1 ACK' })].map((m, i) => ({ ...m, seq: i + 1 }));
  const stray = strayMessages([...trace].reverse());
  assert.deepEqual([...stray.keys()], [1]);
  assert.match(stray.get(1) ?? '', /^a BYE of no dialog/);
});
