import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ActiveFaults, FAULT_SWITCHES, FAULTS, UnknownFaultError, type RequestDraft } from '../../client/faults';

const draft = (): RequestDraft => ({
  method: 'INVITE',
  requestUri: 'sip:team%20chat@conference.example.invalid;session=im',
  headers: { route: '<sip:127.0.0.1:5060;lr>', to: '<sip:team%20chat@conference.example.invalid;session=im>' },
  body: 'v=0\r\n',
});

test('faults: every switch names a catalogue requirement and says what it breaks', () => {
  assert.ok(FAULT_SWITCHES.length > 0);
  for (const name of FAULT_SWITCHES) {
    assert.match(FAULTS[name].requirement, /^(RJ|RB)-\d\d$/, name);
    assert.ok(FAULTS[name].description.length > 10, name);
  }
});

test('faults: none on changes nothing', () => {
  const d = draft();
  ActiveFaults.parse('').apply('invite', d, { conference: d.requestUri });
  assert.deepEqual(d, draft());
});

test('faults: wrong-request-uri changes the Request-URI host and nothing else', () => {
  const d = draft();
  ActiveFaults.parse('wrong-request-uri').apply('invite', d, { conference: d.requestUri });
  assert.equal(d.requestUri, 'sip:team%20chat@wrong-conference.invalid;session=im');
  assert.deepEqual({ ...d, requestUri: draft().requestUri }, draft());
  // Only the INVITE: an ACK or BYE draft is left alone.
  const ack = { ...draft(), method: 'ACK' };
  ActiveFaults.parse('wrong-request-uri').apply('ack', ack, { conference: ack.requestUri });
  assert.equal(ack.requestUri, draft().requestUri);
});

test('faults: an unknown name is refused', () => {
  assert.throws(() => ActiveFaults.parse('wrong-request-uri,bogus'), UnknownFaultError);
  assert.throws(() => ActiveFaults.parse('constructor'), UnknownFaultError);
});
