import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildSdpOffer, msrpPathUri } from '../../client/sdp-offer';

const offer = () => buildSdpOffer({ host: '127.0.0.2', msrpPort: 40999, msrpSessionId: 'abc123', sessionId: '2890844526', sessionVersion: '1' });

test('sdp offer: session lines in RFC 4566 order v, o, s, c, t, then m, then the a= lines', () => {
  const kinds = offer()
    .split('\r\n')
    .filter((l) => l !== '')
    .map((l) => l[0]);
  assert.deepEqual(kinds, ['v', 'o', 's', 'c', 't', 'm', 'a', 'a', 'a']);
});

test('sdp offer: every line ends with CRLF, no bare LF', () => {
  const sdp = offer();
  assert.ok(sdp.endsWith('\r\n'));
  assert.equal(sdp.split('\n').length, sdp.split('\r\n').length);
});

test('sdp offer: an MSRP offer whose a=path URI agrees with the c= host and the m= port', () => {
  const sdp = offer();
  const line = (prefix: string) => sdp.split('\r\n').find((l) => l.startsWith(prefix));
  assert.equal(line('o='), 'o=- 2890844526 1 IN IP4 127.0.0.2');
  assert.equal(line('t='), 't=0 0');
  const m = /^m=message (\d+) TCP\/MSRP \*$/.exec(line('m=') ?? '');
  assert.ok(m, `m= line: ${line('m=')}`);
  const c = /^c=IN IP4 (\S+)$/.exec(line('c=') ?? '');
  assert.ok(c);
  const path = /^a=path:msrp:\/\/([^:/]+):(\d+)\/([^;]+);tcp$/.exec(line('a=path:') ?? '');
  assert.ok(path, `a=path: ${line('a=path:')}`);
  assert.equal(path[1], c[1]);
  assert.equal(path[2], m[1]);
  assert.equal(path[3], 'abc123');
  assert.equal(line('a=accept-types:'), 'a=accept-types:message/cpim text/plain');
  assert.equal(line('a=setup:'), 'a=setup:active');
});

test('sdp offer: refuses a port of 0 and a session-id outside RFC 4975 characters', () => {
  assert.throws(() => buildSdpOffer({ host: '127.0.0.2', msrpPort: 0, msrpSessionId: 'a', sessionId: '1', sessionVersion: '1' }), RangeError);
  assert.throws(() => buildSdpOffer({ host: '127.0.0.2', msrpPort: 1, msrpSessionId: 'a b', sessionId: '1', sessionVersion: '1' }), RangeError);
});

test('msrp path URI: an IPv6 host goes in brackets', () => {
  assert.equal(msrpPathUri('::1', 7000, 's1'), 'msrp://[::1]:7000/s1;tcp');
});

const FINGERPRINT = Array.from({ length: 32 }, (_, i) => i.toString(16).toUpperCase().padStart(2, '0')).join(':');

test('sdp offer over TLS: TCP/TLS/MSRP, an msrps: path on the same host and port, and a self-signed certificate\'s fingerprint (RFC 4975 14)', () => {
  const sdp = buildSdpOffer({ host: '127.0.0.2', msrpPort: 40999, msrpSessionId: 'abc123', sessionId: '1', sessionVersion: '1', tls: { fingerprint: FINGERPRINT } });
  const media = sdp.split('\r\n').slice(5, -1);
  assert.deepEqual(media, [
    'm=message 40999 TCP/TLS/MSRP *',
    'a=accept-types:message/cpim text/plain',
    'a=path:msrps://127.0.0.2:40999/abc123;tcp',
    'a=setup:active',
    `a=fingerprint:SHA-256 ${FINGERPRINT}`,
  ]);
  // A CA-issued certificate needs no fingerprint.
  assert.doesNotMatch(buildSdpOffer({ host: '127.0.0.2', msrpPort: 1, msrpSessionId: 'a', sessionId: '1', sessionVersion: '1', tls: {} }), /a=fingerprint/);
});

test('sdp offer: a=setup:passive when asked; a fingerprint that is not SHA-256 hex pairs is refused', () => {
  assert.match(buildSdpOffer({ host: '127.0.0.2', msrpPort: 1, msrpSessionId: 'a', sessionId: '1', sessionVersion: '1', setup: 'passive' }), /\r\na=setup:passive\r\n/);
  assert.throws(() => buildSdpOffer({ host: '127.0.0.2', msrpPort: 1, msrpSessionId: 'a', sessionId: '1', sessionVersion: '1', tls: { fingerprint: 'ab:cd' } }), RangeError);
});

test('sdp offer on IPv6 over TLS: IN IP6 and a bracketed msrps: host', () => {
  const sdp = buildSdpOffer({ host: '::1', msrpPort: 7000, msrpSessionId: 's1', sessionId: '1', sessionVersion: '1', tls: {} });
  assert.match(sdp, /^o=- 1 1 IN IP6 ::1\r\n/m);
  assert.match(sdp, /^c=IN IP6 ::1\r\n/m);
  assert.match(sdp, /^a=path:msrps:\/\/\[::1\]:7000\/s1;tcp\r\n/m);
  assert.equal(msrpPathUri('::1', 7000, 's1', true), 'msrps://[::1]:7000/s1;tcp');
});
