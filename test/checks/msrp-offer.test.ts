import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkMsrpOffer, SDP_OFFER_CHECKS, TLS_OFFER_CHECKS } from '../../support/checks/msrp-offer';
import { invite, OFFER, recorded, setHeader } from '../helpers/messages';

const edit = (from: RegExp, to: string) => OFFER.replace(from, to);

test('an MSRP offer passes every RJ-03 sub-check', () => {
  const findings = checkMsrpOffer(invite());
  assert.deepEqual(findings.map((f) => f.check), [...SDP_OFFER_CHECKS]);
  assert.ok(findings.every((f) => f.verdict === 'PASS'), JSON.stringify(findings, null, 2));
});

// Body line numbers: the start line, 13 header lines and the empty line come first, so v= is line 16.
const MUTATIONS: Array<[string, string, RegExp, number | undefined]> = [
  ['sdp-session-lines', edit(/^s=-\r\n/m, ''), /lacks s=/, undefined],
  ['sdp-session-lines', edit(/^c=(.*)\r\nt=0 0/m, 't=0 0\r\nc=$1'), /out of the order/, 20],
  ['sdp-timing', edit(/^t=0 0/m, 't=now'), /not two times/, 20],
  ['msrp-accept-types', edit(/^a=accept-types:.*\r\n/m, ''), /no a=accept-types/, 21],
  ['msrp-path', edit(/;tcp$/m, ';udp'), /transport "udp"/, 23],
  ['msrp-path', edit(/msrp:\/\//, 'msrps://'), /scheme msrps/, 23],
  ['msrp-path', edit(/^a=path:.*\r\n/m, ''), /no a=path/, 21],
  ['msrp-connection-address', edit(/^c=.*\r\n/m, ''), /neither the session nor the MSRP media has a c= line/, 20],
  ['msrp-connection-address', edit(/^c=IN IP4 127\.0\.0\.2/m, 'c=IN IP4 ::1'), /IPv6 address ::1 with the address type IP4/, 19],
  ['msrp-connection-address', edit(/^c=IN IP4 127\.0\.0\.2/m, 'c=IN IP6 127.0.0.2'), /IPv4 address 127\.0\.0\.2 with the address type IP6/, 19],
  ['msrp-connection-address', edit(/^c=IN IP4 127\.0\.0\.2/m, 'c=IN IP6 ::g'), /no IPv6 address/, 19],
  ['msrp-path', edit(/msrp:\/\/127\.0\.0\.2:40997/, 'msrp://::1:40997'), /IPv6 host ::1 must be in brackets/, 23],
  ['msrp-path', edit(/msrp:\/\/127\.0\.0\.2:40997/, 'msrp://[::g]:40997'), /is not an MSRP URI/, 23],
];

for (const [check, body, why, line] of MUTATIONS) {
  test(`RJ-03 sub-check "${check}" fails alone: ${why.source}`, () => {
    const failed = checkMsrpOffer(invite(undefined, body, { seq: 3 })).filter((f) => f.verdict === 'FAIL');
    assert.deepEqual([...new Set(failed.map((f) => f.check))], [check], JSON.stringify(failed, null, 2));
    assert.match(failed[0].summary, why);
    if (line !== undefined) assert.equal(failed[0].line?.number, line, failed[0].line?.text);
  });
}

test('no MSRP media (audio, or port 0) fails msrp-media alone, with the m= line; the rules that need the media are INCONC', () => {
  for (const body of [edit(/^m=message 40997 TCP\/MSRP \*/m, 'm=audio 40997 RTP/AVP 0'), edit(/^m=message 40997/m, 'm=message 0')]) {
    const findings = checkMsrpOffer(invite(undefined, body));
    const failed = findings.filter((f) => f.verdict === 'FAIL');
    assert.deepEqual(failed.map((f) => f.check), ['msrp-media']);
    assert.match(failed[0].line!.text, /^m=/);
    const inconc = findings.filter((f) => f.verdict === 'INCONC');
    assert.deepEqual(inconc.map((f) => f.check), ['msrp-path', 'msrp-accept-types', 'msrp-connection-address']);
    for (const f of inconc) assert.match(f.summary, /msrp-media FAILs that/);
  }
});

test('no body and no Content-Type: sdp-content-type fails, saying there is no offer; the SDP rules are INCONC', () => {
  const findings = checkMsrpOffer(invite(setHeader('Content-Type'), ''));
  assert.deepEqual(findings.filter((f) => f.verdict === 'FAIL').map((f) => f.check), ['sdp-content-type']);
  assert.match(findings[0].summary, /no Content-Type and no body/);
  assert.equal(findings.filter((f) => f.verdict === 'INCONC').length, SDP_OFFER_CHECKS.length - 1);
});

test('an empty application/sdp body fails sdp-session-lines alone', () => {
  const findings = checkMsrpOffer(invite(undefined, ''));
  assert.deepEqual(findings.map((f) => `${f.check} ${f.verdict}`), SDP_OFFER_CHECKS.map((c) => `${c} ${c === 'sdp-content-type' ? 'PASS' : c === 'sdp-session-lines' ? 'FAIL' : 'INCONC'}`));
  assert.match(findings[1].summary, /application\/sdp body is empty/);
});

test('a TLS MSRP offer with an msrps path passes; a non-ASCII session name is fine', () => {
  const body = edit(/TCP\/MSRP/, 'TCP/TLS/MSRP').replace('msrp://', 'msrps://').replace('s=-', 's=Café ☕');
  assert.ok(checkMsrpOffer(invite(undefined, body)).every((f) => f.verdict === 'PASS'));
});

test('unparsable bytes are INCONC naming RJ-01, which owns the syntax; never a throw', () => {
  assert.ok(checkMsrpOffer(recorded('nonsense')).every((f) => f.verdict === 'INCONC' && /RJ-01 FAILs it/.test(f.summary)));
});

test('IPv6: c=IN IP6 ::1 and an msrp://[::1] path pass; so do a name and a multicast address', () => {
  const v6 = edit(/^c=IN IP4 127\.0\.0\.2/m, 'c=IN IP6 ::1').replace('msrp://127.0.0.2:40997', 'msrp://[::1]:40997');
  assert.ok(checkMsrpOffer(invite(undefined, v6)).every((f) => f.verdict === 'PASS'));
  for (const c of ['c=IN IP4 alice.example.invalid', 'c=IN IP4 224.2.1.1/127', 'c=IN IP6 FF15::101/3', 'c=IN IP6 ::ffff:127.0.0.2']) {
    const f = checkMsrpOffer(invite(undefined, edit(/^c=IN IP4 127\.0\.0\.2/m, c))).find((x) => x.check === 'msrp-connection-address')!;
    assert.equal(f.verdict, 'PASS', c);
  }
});

// Over TLS (the INVITE's transport): the offer is judged for MSRP over TLS too.
const TLS_OFFER = edit(/TCP\/MSRP/, 'TCP/TLS/MSRP').replace('msrp://', 'msrps://');
const overTls = (body: string) => checkMsrpOffer(invite(undefined, body, { transport: 'tls', seq: 3 }));

test('over TLS, a TCP/TLS/MSRP offer with an msrps: path passes every RJ-03 sub-check, msrp-tls-over-tls too', () => {
  const findings = overTls(TLS_OFFER);
  assert.deepEqual(findings.map((f) => f.check), [...SDP_OFFER_CHECKS, ...TLS_OFFER_CHECKS]);
  assert.ok(findings.every((f) => f.verdict === 'PASS'), JSON.stringify(findings, null, 2));
});

test('over TLS, a TCP/MSRP offer FAILs msrp-tls-over-tls alone, on the m= line', () => {
  const failed = overTls(OFFER).filter((f) => f.verdict === 'FAIL');
  assert.deepEqual(failed.map((f) => f.check), ['msrp-tls-over-tls']);
  assert.match(failed[0].summary, /came over TLS, but its offer asks for MSRP in the clear \(TCP\/MSRP/);
  assert.equal(failed[0].line?.number, 21);
});

test('over TLS, a TCP/TLS/MSRP offer with an msrp: path FAILs msrp-path alone (the agreement rule), not msrp-tls-over-tls', () => {
  const failed = overTls(TLS_OFFER.replace('msrps://', 'msrp://')).filter((f) => f.verdict === 'FAIL');
  assert.deepEqual(failed.map((f) => f.check), ['msrp-path']);
  assert.match(failed[0].summary, /scheme msrp does not agree with the m= line's TCP\/TLS\/MSRP/);
});

test('over UDP and TCP msrp-tls-over-tls gives no finding, a TLS offer or not', () => {
  for (const transport of ['udp', 'tcp'] as const) {
    for (const body of [OFFER, TLS_OFFER]) assert.ok(!checkMsrpOffer(invite(undefined, body, { transport })).some((f) => f.check === 'msrp-tls-over-tls'));
  }
});

test('over TLS, no MSRP media or no body: msrp-tls-over-tls is INCONC behind the one FAIL; unparsable bytes INCONC naming RJ-01', () => {
  const noMedia = overTls(edit(/^m=message 40997/m, 'm=message 0'));
  assert.deepEqual(noMedia.filter((f) => f.verdict === 'FAIL').map((f) => f.check), ['msrp-media']);
  assert.equal(noMedia.find((f) => f.check === 'msrp-tls-over-tls')!.verdict, 'INCONC');
  const empty = overTls('');
  assert.equal(empty.find((f) => f.check === 'msrp-tls-over-tls')!.verdict, 'INCONC');
  const garbage = checkMsrpOffer(recorded('nonsense', { transport: 'tls' }));
  assert.equal(garbage.length, SDP_OFFER_CHECKS.length + TLS_OFFER_CHECKS.length);
  assert.ok(garbage.every((f) => f.verdict === 'INCONC' && /RJ-01 FAILs it/.test(f.summary)));
});
