import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkConferenceState, checkSubscriptionSent, CONFERENCE_STATE_CHECKS } from '../../support/checks/conference-subscription';
import { recorded, sipText } from '../helpers/messages';
import { INVITE_MSG, ok, request } from '../helpers/dialog';

const HEADERS = ['Contact: <sip:alice@127.0.0.2:5070>', 'Event: conference', 'Accept: application/conference-info+xml', 'Expires: 600'];
const subscribe = (extra = HEADERS, o: Parameters<typeof request>[2] = {}) => request('SUBSCRIBE', 4, { callId: 'sub-1@127.0.0.2', toTag: null, cseq: '1 SUBSCRIBE', extra, ...o });
const notifyOk = recorded(sipText(['SIP/2.0 200 OK', 'Call-ID: sub-1@127.0.0.2', 'CSeq: 1 NOTIFY']), { seq: 7 });
const failed = (f: ReturnType<typeof checkConferenceState>) => f.filter((x) => x.verdict === 'FAIL').map((x) => x.check);

test('a SUBSCRIBE by RFC 4575 and RFC 6665, and a 200 to the NOTIFY, pass every RJ-08 sub-check', () => {
  const findings = [...checkSubscriptionSent(subscribe(), 2000), ...checkConferenceState({ invite: INVITE_MSG, ok: ok(), subscribe: subscribe(), notify: { response: notifyOk } })];
  assert.deepEqual(findings.map((f) => f.check), [...CONFERENCE_STATE_CHECKS]);
  assert.deepEqual(failed(findings), [], JSON.stringify(findings, null, 2));
});

const without = (name: string) => HEADERS.filter((h) => !h.startsWith(name));
for (const [check, sub] of [
  ['subscribe-target', subscribe(HEADERS, { uri: 'sip:conf-42@conference.example.invalid' })],
  ['subscribe-event', subscribe(without('Event'))],
  ['subscribe-event', subscribe([...without('Event'), 'Event: presence'])],
  ['subscribe-accept', subscribe(without('Accept'))],
  ['subscribe-expires', subscribe([...without('Expires'), 'Expires: soon'])],
  ['subscribe-new-dialog', subscribe(HEADERS, { callId: 'a84b4c76e66710@127.0.0.2' })],
  ['subscribe-new-dialog', subscribe(HEADERS, { toTag: 'srv1' })],
  ['subscribe-contact', subscribe(without('Contact'))],
] as const) {
  test(`RJ-08 sub-check "${check}" fails alone`, () => {
    const findings = checkConferenceState({ invite: INVITE_MSG, ok: ok(), subscribe: sub });
    assert.deepEqual(failed(findings), [check], JSON.stringify(findings, null, 2));
    assert.match(findings.find((f) => f.check === check)!.summary, /^RJ-08 FAIL: /);
  });
}

test('a NOTIFY answered with 489, or not at all, FAILs notify-answered; no NOTIFY sent, no such sub-check', () => {
  const refused = recorded(sipText(['SIP/2.0 489 Bad Event', 'Call-ID: sub-1@127.0.0.2', 'CSeq: 1 NOTIFY']), { seq: 7 });
  assert.deepEqual(failed(checkConferenceState({ invite: INVITE_MSG, ok: ok(), subscribe: subscribe(), notify: { response: refused } })), ['notify-answered']);
  assert.deepEqual(failed(checkConferenceState({ invite: INVITE_MSG, ok: ok(), subscribe: subscribe(), notify: {} })), ['notify-answered']);
  assert.ok(!checkConferenceState({ invite: INVITE_MSG, ok: ok(), subscribe: subscribe() }).some((f) => f.check === 'notify-answered'));
});

test('declared but never sent FAILs against the declaration', () => {
  const [f] = checkSubscriptionSent(undefined, 2000);
  assert.equal(f.verdict, 'FAIL');
  assert.match(f.summary, /declares the conference state subscription .* but sent no SUBSCRIBE within 2000 ms/);
});
