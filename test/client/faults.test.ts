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

test('faults: the state switches change only what the state reply says was kept', () => {
  const kept = { allow: ['INVITE', 'ACK', 'BYE'], sessionIdentity: 'sip:conf@focus.example.invalid', subscribed: true, msrp: 'connected' as const };
  assert.deepEqual(ActiveFaults.parse('').state(kept), kept);
  assert.deepEqual(ActiveFaults.parse('state-allow-short').state(kept), { ...kept, allow: ['INVITE', 'ACK'] });
  assert.deepEqual(ActiveFaults.parse('state-forgets-session-identity').state(kept), { ...kept, sessionIdentity: null });
  // No session: nothing kept, nothing to get wrong.
  assert.equal(ActiveFaults.parse('state-allow-short').state({ ...kept, allow: null }).allow, null);
});

test('faults: ack-reuses-invite-branch gives the ACK the INVITE\'s branch', () => {
  const ack: RequestDraft = { ...draft(), method: 'ACK', branch: 'z9hG4bKack' };
  ActiveFaults.parse('ack-reuses-invite-branch').apply('ack', ack, { conference: ack.requestUri, inviteBranch: 'z9hG4bKinvite' });
  assert.equal(ack.branch, 'z9hG4bKinvite');
});

test('faults: no-icsi takes the ICSI off the Contact and the Accept-Contact, and nothing else', () => {
  const icsi = ';+g.3gpp.icsi-ref="urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.cpm.session"';
  const d: RequestDraft = { ...draft(), headers: { contact: `<sip:alice@127.0.0.2:5062>;+g.oma.sip-im${icsi}`, 'accept-contact': `*;+g.oma.sip-im${icsi}` } };
  ActiveFaults.parse('no-icsi').apply('invite', d, { conference: d.requestUri });
  assert.deepEqual(d.headers, { contact: '<sip:alice@127.0.0.2:5062>;+g.oma.sip-im', 'accept-contact': '*;+g.oma.sip-im' });
});
