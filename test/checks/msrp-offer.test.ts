import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkMsrpOffer, SDP_OFFER_CHECKS } from '../../support/checks/msrp-offer';
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
