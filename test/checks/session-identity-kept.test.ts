import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkSessionIdentity } from '../../support/checks/session-identity-kept';
import { CONFERENCE } from '../helpers/messages';
import { FOCUS, ok, request } from '../helpers/dialog';

const verdicts = (findings: Array<{ check: string; verdict: string }>) => Object.fromEntries(findings.map((f) => [f.check, f.verdict]));

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
