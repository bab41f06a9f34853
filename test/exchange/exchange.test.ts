import assert from 'node:assert/strict';
import { test } from 'node:test';
import { laterRequests, requestsAfter } from '../../support/exchange';
import { CONFERENCE } from '../helpers/messages';
import { INVITE_MSG, ok, request } from '../helpers/dialog';

test('a REGISTER refresh or an OPTIONS to the proxy after the 200 OK is not the session\'s: RJ-06 and RJ-07 leave it out', () => {
  const trace = [INVITE_MSG, ok(), request('ACK', 3), request('REGISTER', 4, { uri: 'sip:example.invalid', callId: 'reg@x', toTag: null }), request('OPTIONS', 5, { uri: 'sip:127.0.0.1:5060', callId: 'opt@x', toTag: null }), request('BYE', 6)];
  const answer = trace[1];
  assert.deepEqual(requestsAfter(trace, answer, INVITE_MSG).map((m) => m.sip!.method), ['BYE']);
  assert.deepEqual(laterRequests(trace, answer, INVITE_MSG).map((m) => m.sip!.method), ['ACK', 'BYE']);
  // A SUBSCRIBE of its own dialog to the conference is the session's, whatever its target's parameters.
  const subscribe = request('SUBSCRIBE', 7, { uri: CONFERENCE, callId: 'sub@x', toTag: null });
  assert.deepEqual(requestsAfter([...trace, subscribe], answer, INVITE_MSG).map((m) => m.sip!.method), ['BYE', 'SUBSCRIBE']);
});
