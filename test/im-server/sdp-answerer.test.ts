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

test('only the first MSRP stream is accepted; TCP/TLS/MSRP is answered as offered with an msrps: path', () => {
  const answer = answerOffer(offer(msrp(undefined, 'TCP/TLS/MSRP'), msrp()), at);
  assert.deepEqual(mLines(answer.sdp), ['m=message 4000 TCP/TLS/MSRP *', 'm=message 0 TCP/MSRP *']);
  assert.match(answer.sdp, /a=path:msrps:\/\/127\.0\.0\.1:4000\/s1;tcp/);
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
