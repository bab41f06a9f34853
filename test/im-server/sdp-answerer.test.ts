import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answerOffer } from '../../support/im-server/sdp-answerer';

const at = { host: '127.0.0.1', msrpPort: 4000, sessionId: 's1', version: 1 };
const mLines = (sdp: string): string[] => sdp.split('\r\n').filter((l) => l.startsWith('m='));
const session = ['v=0', 'o=- 1 1 IN IP4 127.0.0.2', 's=-', 'c=IN IP4 127.0.0.2', 't=0 0'];
const msrp = (setup?: string, proto = 'TCP/MSRP'): string[] => [`m=message 5000 ${proto} *`, 'a=accept-types:text/plain', 'a=path:msrp://127.0.0.2:5000/c1;tcp', ...(setup ? [`a=setup:${setup}`] : [])];
const offer = (...media: string[][]): string => [...session, ...media.flat(), ''].join('\r\n');

test('RFC 3264 6: one m-line per offered m-line, same order and media; MSRP accepted, audio refused with port 0', () => {
  const answer = answerOffer(offer(['m=audio 6000 RTP/AVP 0 8 101'], msrp()), at);
  assert.deepEqual(mLines(answer.sdp), ['m=audio 0 RTP/AVP 0 8 101', 'm=message 4000 TCP/MSRP *']);
  assert.equal(answer.msrp?.index, 1);
});

test('an audio-only offer gets every stream refused: still an answer, no MSRP session', () => {
  const answer = answerOffer(offer(['m=audio 6000 RTP/AVP 0']), at);
  assert.deepEqual(mLines(answer.sdp), ['m=audio 0 RTP/AVP 0']);
  assert.equal(answer.msrp, undefined);
});

test('only the first MSRP stream is accepted; TCP/TLS/MSRP is answered as offered, with an msrps: path on the TLS port', () => {
  const answer = answerOffer(offer(msrp(undefined, 'TCP/TLS/MSRP'), msrp()), { ...at, msrpTlsPort: 4001 });
  assert.deepEqual(mLines(answer.sdp), ['m=message 4001 TCP/TLS/MSRP *', 'm=message 0 TCP/MSRP *']);
  assert.match(answer.sdp, /a=path:msrps:\/\/127\.0\.0\.1:4001\/s1;tcp/);
  assert.deepEqual(answer.msrp, { index: 0, setup: 'passive', offeredPath: 'msrp://127.0.0.2:5000/c1;tcp', ownPath: 'msrps://127.0.0.1:4001/s1;tcp', tls: true });
});

test('a TCP/MSRP stream is answered on the plain port even when the IM Server also speaks TLS', () => {
  const answer = answerOffer(offer(msrp()), { ...at, msrpTlsPort: 4001 });
  assert.deepEqual(mLines(answer.sdp), ['m=message 4000 TCP/MSRP *']);
  assert.match(answer.sdp, /a=path:msrp:\/\/127\.0\.0\.1:4000\/s1;tcp/);
});

test('without a TLS port, TCP/TLS/MSRP is refused (port 0) rather than answered with a port that does not speak TLS; a TCP/MSRP stream after it is taken', () => {
  const refused = answerOffer(offer(msrp(undefined, 'TCP/TLS/MSRP')), at);
  assert.deepEqual(mLines(refused.sdp), ['m=message 0 TCP/TLS/MSRP *']);
  assert.doesNotMatch(refused.sdp, /msrps:/);
  assert.equal(refused.msrp, undefined);
  const fallback = answerOffer(offer(msrp(undefined, 'TCP/TLS/MSRP'), msrp()), at);
  assert.deepEqual(mLines(fallback.sdp), ['m=message 0 TCP/TLS/MSRP *', 'm=message 4000 TCP/MSRP *']);
  assert.equal(fallback.msrp?.index, 1);
});

test('an IPv6 IM Server answers with IN IP6 and a bracketed path host, plain and TLS alike (RFC 4566 5.7, RFC 4975 9)', () => {
  const v6 = { ...at, host: '::1', msrpTlsPort: 4001 };
  const plain = answerOffer(offer(msrp()), v6);
  assert.match(plain.sdp, /^o=im-server 1 1 IN IP6 ::1\r\n/m);
  assert.match(plain.sdp, /^c=IN IP6 ::1\r\n/m);
  assert.match(plain.sdp, /^a=path:msrp:\/\/\[::1\]:4000\/s1;tcp\r\n/m);
  assert.match(answerOffer(offer(msrp(undefined, 'TCP/TLS/MSRP')), v6).sdp, /^a=path:msrps:\/\/\[::1\]:4001\/s1;tcp\r\n/m);
});

for (const [offered, answered] of [
  [undefined, 'passive'],
  ['active', 'passive'],
  ['actpass', 'passive'],
  ['passive', 'active'],
] as const) {
  test(`a=setup ${offered ?? '(none)'} in the offer gets ${answered} (RFC 6135, RFC 4145)`, () => {
    const answer = answerOffer(offer(msrp(offered)), at);
    assert.match(answer.sdp, new RegExp(`a=setup:${answered}`));
    assert.equal(answer.msrp?.setup, answered);
  });
}

test('an offer with no m-line gets an answer with none', () => {
  assert.deepEqual(mLines(answerOffer('not sdp at all', at).sdp), []);
});

test('an m-line that cannot be read is still answered, refused, so the m-lines stay in step (RFC 3264 6)', () => {
  const answer = answerOffer(offer(['m=audio x RTP/AVP 0', 'a=setup:passive'], msrp()), at);
  assert.deepEqual(mLines(answer.sdp), ['m=audio 0 RTP/AVP 0', 'm=message 4000 TCP/MSRP *']);
  assert.equal(answer.msrp?.setup, 'passive', "the refused line's a=setup belongs to it, not to the MSRP stream");
});
