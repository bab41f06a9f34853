import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCall, runCheckCall } from '../../support/checks/registry';
import { decodeCheckCall, encodeCheckCall, messageEvidence, recordedMessageOf } from '../../support/evidence/recorded-evidence';
import type { RecordedMessage } from '../../support/sip/recorded-message';
import { recorded, sipText } from '../helpers/messages';

const INVITE = sipText([
  'INVITE sip:conf-42@conference.example.invalid SIP/2.0',
  'Via: SIP/2.0/TCP 127.0.0.2:5070;branch=z9hG4bKa1',
  'Max-Forwards: 70',
  'From: <sip:alice@example.invalid>;tag=1',
  'To: <sip:conf-42@conference.example.invalid>',
  'Call-ID: c1@127.0.0.2',
  'CSeq: 1 INVITE',
  'Contact: <sip:alice@127.0.0.2:5070;transport=tcp>',
]);

test('a message survives the evidence format byte for byte, and is parsed again from its bytes', () => {
  const m = recorded(Buffer.concat([INVITE, Buffer.from([0xff, 0x00, 0xe9])]), { seq: 3, transport: 'tcp', at: 1234 });
  m.strayAfter = Buffer.from('xyz\u00ff', 'latin1');
  m.tls = { connection: 2, version: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256', clientCertificate: { subject: 'CN=a', issuer: 'CN=ca', validFrom: 'x', validTo: 'y', fingerprint256: 'f', trusted: true, der: Buffer.from([1, 2, 250]) } };
  const again = recordedMessageOf(JSON.parse(JSON.stringify(messageEvidence(m))));
  assert.deepEqual(again.bytes, m.bytes);
  assert.deepEqual(again.strayAfter, m.strayAfter);
  assert.deepEqual(again.tls, m.tls);
  assert.deepEqual([again.seq, again.at, again.direction, again.transport, again.source, again.destination], [3, 1234, 'from-client', 'tcp', m.source, m.destination]);
  assert.equal(again.parseError, m.parseError);
  assert.deepEqual(again.sip?.startLine, m.sip?.startLine);
});

test('SIP reads as text in the evidence; a frame error is kept and stands for the parse', () => {
  const m = recorded(INVITE);
  assert.match(messageEvidence(m).text, /^INVITE sip:conf-42@conference\.example\.invalid SIP\/2\.0\r\n/);
  const framed: RecordedMessage = { ...recorded('garbage', { transport: 'tcp' }), frameError: 'bytes that do not begin a SIP message (no start line)', parseError: 'bytes that do not begin a SIP message (no start line)', sip: undefined };
  const again = recordedMessageOf(messageEvidence(framed));
  assert.equal(again.parseError, framed.frameError);
  assert.equal(again.sip, undefined);
});

test('a check call keeps its messages by reference, with undefined and the stray bytes they had then', () => {
  const invite = recorded(INVITE, { seq: 1, transport: 'tcp' });
  const trace = [invite];
  const call = checkCall('subscription-sent', undefined, 2000);
  const encoded = encodeCheckCall(call, trace);
  assert.deepEqual(encoded.args, [{ $undefined: true }, 2000]);
  const byRef = encodeCheckCall(checkCall('request-uri', invite, 'sip:conf-42@conference.example.invalid'), trace);
  assert.deepEqual(byRef.args[0], { $message: 1 });
  // Stray bytes that came after the check ran are not what it saw.
  invite.strayAfter = Buffer.from('late');
  const messages = new Map([[1, recordedMessageOf(messageEvidence(invite))]]);
  const decoded = decodeCheckCall(JSON.parse(JSON.stringify(byRef)), messages);
  assert.equal((decoded.args[0] as RecordedMessage).strayAfter, undefined);
  assert.deepEqual(runCheckCall(decoded), runCheckCall(checkCall('request-uri', { ...invite, strayAfter: undefined }, 'sip:conf-42@conference.example.invalid')));
  const withStray = encodeCheckCall(checkCall('request-uri', invite, 'x'), trace);
  assert.deepEqual(withStray.args[0], { $message: 1, strayBytes: 4 });
});

test('a message a check was given that is not in the trace is a test-bed error; a reference the evidence lacks cannot be decoded', () => {
  const invite = recorded(INVITE, { seq: 1 });
  assert.throws(() => encodeCheckCall(checkCall('msrp-offer', { ...invite }), [invite]), /not in the scenario's trace/);
  assert.throws(() => decodeCheckCall({ check: 'msrp-offer', args: [{ $message: 9 }] }, new Map()), /message #9/);
});

test('only and except narrow a call to its sub-checks; only on a sub-check the check did not give is a test-bed error', () => {
  const invite = recorded(INVITE);
  const all = runCheckCall(checkCall('initial-request', invite));
  const only = runCheckCall({ ...checkCall('initial-request', invite), only: 'call-id' });
  assert.deepEqual(only, all.filter((f) => f.check === 'call-id'));
  const except = runCheckCall({ ...checkCall('initial-request', invite), except: ['call-id'] });
  assert.deepEqual(except, all.filter((f) => f.check !== 'call-id'));
  assert.throws(() => runCheckCall({ ...checkCall('initial-request', invite), only: 'no-such' }), /test-bed error: no sub-check "no-such"/);
});
