import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkAllowedMethods } from '../../support/checks/allowed-methods';
import { checkSessionIdentity } from '../../support/checks/session-identity';
import { CONFERENCE } from '../helpers/messages';
import { laterRequests, requestsAfter } from '../../support/exchange';
import { FOCUS, INVITE_MSG, ok, request } from '../helpers/dialog';

const verdicts = (findings: Array<{ check: string; verdict: string }>) => Object.fromEntries(findings.map((f) => [f.check, f.verdict]));

test('RJ-06: requests within the Allow list pass; ACK is exempt; Allow over several lines is one list', () => {
  const twoLines = ok({ allow: ['INVITE, ACK', 'BYE'] });
  assert.deepEqual(verdicts(checkAllowedMethods({ ok: twoLines, later: [request('ACK', 3), request('BYE', 4)], state: { allow: ['INVITE', 'ACK', 'BYE'] } })), {
    'no-method-outside-allow': 'PASS',
    'state-allow': 'PASS',
  });
});

test('RJ-06: a SUBSCRIBE the Allow lacks FAILs, naming the method, the list and the message', () => {
  const [f] = checkAllowedMethods({ ok: ok({ allow: ['INVITE, ACK, BYE'] }), later: [request('SUBSCRIBE', 5, { callId: 'sub@x', toTag: null })] });
  assert.equal(f.verdict, 'FAIL');
  assert.match(f.summary, /sent SUBSCRIBE \(message #5\), a method the 200 OK's Allow \(INVITE, ACK, BYE\) does not list/);
  assert.equal(f.line?.number, 1);
});

test('RJ-06: nothing after the 200 OK is INCONC, with or without Allow, never a PASS on nothing', () => {
  for (const allow of [undefined, null]) {
    const [f] = checkAllowedMethods({ ok: ok({ allow }), later: [] });
    assert.equal(f.verdict, 'INCONC');
    assert.match(f.summary, /sent no request after the 200 OK/);
  }
});

test('RJ-07: a BYE that ignores the route set FAILs later-requests-route-set alone', () => {
  const core = 'sip:127.0.0.1:5060;transport=udp;lr';
  const rr = ok({ recordRoute: ['sip:im-server@127.0.0.1:5060;transport=udp;lr', core] });
  const good = request('BYE', 4, { extra: [`Route: <${core}>, <sip:im-server@127.0.0.1:5060;transport=udp;lr>`] });
  assert.equal(verdicts(checkSessionIdentity({ ok: rr, later: [request('ACK', 3), good], outboundProxy: core }))['later-requests-route-set'], 'PASS');
  const bad = checkSessionIdentity({ ok: rr, later: [request('ACK', 3), request('BYE', 4, { extra: [`Route: <${core}>`] })], outboundProxy: core });
  assert.deepEqual(bad.filter((f) => f.verdict === 'FAIL').map((f) => f.check), ['later-requests-route-set']);
  // Only the ACK came: RJ-05 judges its route; here there is nothing to judge.
  assert.equal(verdicts(checkSessionIdentity({ ok: rr, later: [request('ACK', 3)] }))['later-requests-route-set'], 'INCONC');
});

test('RJ-06: without Allow there is nothing to keep; a kept list that differs from Allow FAILs state-allow', () => {
  assert.deepEqual(verdicts(checkAllowedMethods({ ok: ok({ allow: null }), later: [request('UPDATE', 3)], state: { allow: null } })), {
    'no-method-outside-allow': 'PASS',
    'state-allow': 'PASS',
  });
  assert.equal(verdicts(checkAllowedMethods({ ok: ok(), later: [request('BYE', 3)], state: { allow: ['INVITE'] } }))['state-allow'], 'FAIL');
});

test('RJ-07: later requests to the Contact (19.1.4 equal) pass; one to the Request-URI FAILs with both URIs', () => {
  const upper = FOCUS.replace('focus.example.invalid', 'FOCUS.example.invalid');
  assert.deepEqual(verdicts(checkSessionIdentity({ ok: ok(), later: [request('ACK', 3), request('BYE', 4, { uri: upper })], state: { sessionIdentity: FOCUS } })), {
    'later-requests-target-contact': 'PASS',
    'later-requests-route-set': 'PASS',
    'state-session-identity': 'PASS',
  });
  const [f] = checkSessionIdentity({ ok: ok(), later: [request('ACK', 3), request('BYE', 4, { uri: CONFERENCE })] });
  assert.equal(f.verdict, 'FAIL');
  assert.match(f.summary, /BYE \(message #4\) goes to sip:conf-42@conference\.example\.invalid, not to the IM Session Identity sip:conf-42-session@focus\.example\.invalid/);
});

test('RJ-07: no later request is INCONC; a wrong kept identity FAILs state-session-identity', () => {
  assert.equal(checkSessionIdentity({ ok: ok(), later: [] })[0].verdict, 'INCONC');
  assert.equal(verdicts(checkSessionIdentity({ ok: ok(), later: [request('ACK', 3)], state: { sessionIdentity: CONFERENCE } }))['state-session-identity'], 'FAIL');
  assert.equal(verdicts(checkSessionIdentity({ ok: ok(), later: [request('ACK', 3)], state: { sessionIdentity: null } }))['state-session-identity'], 'FAIL');
});

test('a REGISTER refresh or an OPTIONS to the proxy after the 200 OK is not the session\'s: RJ-06 and RJ-07 leave it out', () => {
  const trace = [INVITE_MSG, ok(), request('ACK', 3), request('REGISTER', 4, { uri: 'sip:example.invalid', callId: 'reg@x', toTag: null }), request('OPTIONS', 5, { uri: 'sip:127.0.0.1:5060', callId: 'opt@x', toTag: null }), request('BYE', 6)];
  const answer = trace[1];
  assert.deepEqual(requestsAfter(trace, answer, INVITE_MSG).map((m) => m.sip!.method), ['BYE']);
  assert.deepEqual(laterRequests(trace, answer, INVITE_MSG).map((m) => m.sip!.method), ['ACK', 'BYE']);
  // A SUBSCRIBE of its own dialog to the conference is the session's, whatever its target's parameters.
  const subscribe = request('SUBSCRIBE', 7, { uri: CONFERENCE, callId: 'sub@x', toTag: null });
  assert.deepEqual(requestsAfter([...trace, subscribe], answer, INVITE_MSG).map((m) => m.sip!.method), ['BYE', 'SUBSCRIBE']);
});
