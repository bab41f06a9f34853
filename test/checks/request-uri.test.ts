import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkRequestUri } from '../../support/checks/request-uri';
import { SipUriError } from '../../support/sip/sip-uri';
import { CONFERENCE, invite, recorded, sipText } from '../helpers/messages';

const withRequestUri = (uri: string) => invite((lines) => [`INVITE ${uri} SIP/2.0`, ...lines.slice(1)], undefined, { seq: 7 });

test('PASS when the Request-URI is the IM Session Identity, also when equal only by RFC 3261 19.1.4', () => {
  for (const uri of [CONFERENCE, 'sip:conf-42@CONFERENCE.example.invalid', 'sip:conf%2D42@conference.example.invalid']) {
    const [f] = checkRequestUri(withRequestUri(uri), CONFERENCE);
    assert.equal(f.verdict, 'PASS', uri);
    assert.equal(f.requirement, 'RJ-02');
  }
});

test('FAIL names RJ-02, both URIs and the reason, with the start line and the message number', () => {
  const [f] = checkRequestUri(withRequestUri('sip:conf-42@wrong.invalid'), CONFERENCE);
  assert.equal(f.verdict, 'FAIL');
  assert.equal(f.check, 'request-uri');
  assert.match(f.summary, /^RJ-02 FAIL: .*sip:conf-42@wrong\.invalid.*sip:conf-42@conference\.example\.invalid.*hosts differ/);
  assert.deepEqual(f.line, { number: 1, text: 'INVITE sip:conf-42@wrong.invalid SIP/2.0' });
  assert.equal(f.messageSeq, 7);
  assert.doesNotMatch(f.summary, /assert/i);
});

test('bytes with no start line to read are INCONC naming RJ-01, never a throw', () => {
  const [f] = checkRequestUri(recorded('GARBAGE\r\n\r\n'), CONFERENCE);
  assert.equal(f.verdict, 'INCONC');
  assert.match(f.summary, /RJ-01 FAILs it/);
  assert.match(f.line!.text, /GARBAGE/);
});

test('FAIL, without throwing, for a request that is not an INVITE, a response, a tel: URI', () => {
  const cases = [
    recorded(sipText(['OPTIONS sip:conf-42@conference.example.invalid SIP/2.0', 'Call-ID: 1'])),
    recorded(sipText(['SIP/2.0 200 OK', 'Call-ID: 1'])),
    withRequestUri('tel:+15551234'),
  ];
  for (const m of cases) {
    const [f] = checkRequestUri(m, CONFERENCE);
    assert.equal(f.verdict, 'FAIL', m.bytes.toString().split('\r\n')[0]);
    assert.ok(f.line && f.line.number === 1);
  }
});

test("the suite's own invalid conference URI is a test-bed error, thrown", () => {
  assert.throws(() => checkRequestUri(withRequestUri(CONFERENCE), 'not a uri'), SipUriError);
});
