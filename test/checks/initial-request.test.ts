import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkInitialRequest, OMA_IM_CHECKS, RFC3261_CHECKS, TLS_CHECKS } from '../../support/checks/initial-request';
import { checkMsrpOffer } from '../../support/checks/msrp-offer';
import { checkRequestUri } from '../../support/checks/request-uri';
import { checkViaSipIpCore } from '../../support/checks/outbound-proxy';
import type { PresentedCertificate, RecordedMessage } from '../../support/sip/recorded-message';
import type { Finding } from '../../support/verdict';
import { CONFERENCE, invite, OFFER, PROXY, recorded, setHeader } from '../helpers/messages';

const verdicts = (findings: Finding[]) => Object.fromEntries(findings.map((f) => [f.check, f.verdict]));
const ALL = [...RFC3261_CHECKS, ...Object.keys(OMA_IM_CHECKS)];

test('a conformant rejoin INVITE passes every RJ-01 sub-check, one finding each', () => {
  const findings = checkInitialRequest(invite());
  assert.deepEqual(findings.map((f) => f.check).sort(), [...ALL].sort());
  assert.ok(findings.every((f) => f.verdict === 'PASS' && f.requirement === 'RJ-01'), JSON.stringify(findings, null, 2));
});

// Each mutation breaks one rule; only that sub-check may FAIL, on the line named.
const MUTATIONS: Array<[string, (l: string[]) => string[], number | undefined]> = [
  ['from-to-syntax', setHeader('From', '"Alice <sip:alice@example.invalid>;tag=9fxced76sl'), 5],
  ['from-to-syntax', setHeader('To', '<sip:conf-42@conference.example.invalid'), 6],
  ['to-without-tag', setHeader('To', '<sip:conf-42@conference.example.invalid>;tag=abc'), 6],
  ['from-tag', setHeader('From', '<sip:alice@example.invalid>'), 5],
  ['call-id', setHeader('Call-ID'), 1],
  ['cseq-invite', setHeader('CSeq', '314159 OPTIONS'), 8],
  ['max-forwards', setHeader('Max-Forwards', 'seventy'), 3],
  ['via-branch', setHeader('Via', 'SIP/2.0/UDP 127.0.0.2:5070;branch=1234'), 2],
  ['via-branch', setHeader('Via', 'SIP/2.0/UDP ::1:5070;branch=z9hG4bK776asdhds'), 2],
  ['via-branch', setHeader('Via', 'SIP/2.0/UDP [::g]:5070;branch=z9hG4bK776asdhds'), 2],
  ['via-transport', setHeader('Via', 'SIP/2.0/TCP 127.0.0.2:5070;branch=z9hG4bK776asdhds'), 2],
  ['contact-sip-uri', setHeader('Contact', '<sip:alice@::1:5070>;+g.oma.sip-im'), 9],
  ['contact-sip-uri', setHeader('Route', '<sips:127.0.0.1:5060;lr>'), 9],
  ['contact-sip-uri', setHeader('Contact', '<tel:+15551234>;+g.oma.sip-im'), 9],
  ['oma-im-feature-tag', setHeader('Contact', '<sip:alice@127.0.0.2:5070>'), 9],
  ['oma-accept-contact', setHeader('Accept-Contact', '*;+g.other'), 10],
  ['oma-user-agent', setHeader('User-Agent', 'simple-im-reference/0.1.0'), 11],
];

for (const [check, change, line] of MUTATIONS) {
  test(`RJ-01 sub-check "${check}" fails alone, naming its line (${line})`, () => {
    const findings = checkInitialRequest(invite(change, undefined, { seq: 4 }));
    const failed = findings.filter((f) => f.verdict === 'FAIL');
    assert.deepEqual(failed.map((f) => f.check), [check], JSON.stringify(failed, null, 2));
    assert.match(failed[0].summary, /^RJ-01 FAIL: /);
    assert.equal(failed[0].messageSeq, 4);
    if (line !== undefined) assert.equal(failed[0].line?.number, line);
  });
}

test('Content-Length: absent over TCP fails; absent over UDP passes with a note', () => {
  const noLength = Buffer.from(
    invite()
      .bytes.toString()
      .replace(/Content-Length: \d+\r\n/, ''),
  );
  assert.equal(verdicts(checkInitialRequest(recorded(noLength, { transport: 'tcp' })))['content-length'], 'FAIL');
  const udp = checkInitialRequest(recorded(noLength)).find((f) => f.check === 'content-length')!;
  assert.equal(udp.verdict, 'PASS');
  assert.match(udp.summary, /allows over UDP/);
});

test('a Max-Forwards other than 70 passes, saying 70 is only recommended', () => {
  const f = checkInitialRequest(invite(setHeader('Max-Forwards', '20'))).find((x) => x.check === 'max-forwards')!;
  assert.equal(f.verdict, 'PASS');
  assert.match(f.summary, /recommended/);
});

test('unparsable bytes: one FAIL per sub-check, nothing thrown', () => {
  const findings = checkInitialRequest(recorded('HELLO\r\n\r\n'));
  assert.equal(findings.length, ALL.length);
  assert.ok(findings.every((f) => f.verdict === 'FAIL' && /not a SIP message the suite can read/.test(f.summary)));
});

test('a Content-Length counted in characters over UDP FAILs content-length alone; the body is cut there (RFC 3261 18.3)', () => {
  const good = invite();
  const text = good.bytes.toString('utf8').replace('s=-', 's=Réunion é');
  const body = text.slice(text.indexOf('\r\n\r\n') + 4);
  const short = recorded(Buffer.from(text.replace(/Content-Length: \d+/, `Content-Length: ${body.length}`), 'utf8'));
  const findings = checkInitialRequest(short);
  assert.deepEqual(findings.filter((f) => f.verdict !== 'PASS').map((f) => f.check), ['content-length']);
  assert.match(findings.find((f) => f.check === 'content-length')!.summary, /the 2 bytes past the declared length are discarded/);
  assert.equal(short.sip!.body.length, body.length);
});

test('over TCP, bytes left in the stream after the declared length FAIL content-length alone', () => {
  const m = { ...invite(setHeader('Via', 'SIP/2.0/TCP 127.0.0.2:5070;branch=z9hG4bK776asdhds'), undefined, { transport: 'tcp' }), strayAfter: Buffer.from('ok\r\n') };
  const findings = checkInitialRequest(m);
  assert.deepEqual(findings.filter((f) => f.verdict !== 'PASS').map((f) => f.check), ['content-length']);
  assert.match(findings.find((f) => f.check === 'content-length')!.summary, /4 more bytes \("ok\\r\\n"\) came before the next message/);
});

test('a malformed header line FAILs message-syntax; a header it may have been is INCONC, not FAIL', () => {
  const text = invite().bytes.toString('utf8').replace(/^Max-Forwards: 70$/m, 'Max-Forwards 70');
  const findings = checkInitialRequest(recorded(text));
  const by = Object.fromEntries(findings.map((f) => [f.check, f.verdict]));
  assert.equal(by['message-syntax'], 'FAIL');
  assert.equal(by['max-forwards'], 'INCONC');
  assert.deepEqual(findings.filter((f) => f.verdict === 'FAIL').map((f) => f.check), ['message-syntax']);
});

test('one corrupted header line of a valid INVITE FAILs RJ-01 only: RJ-02, RJ-03 and RJ-04 judge what they can still read', () => {
  const lines = invite().bytes.toString('utf8').split('\r\n\r\n')[0].split('\r\n');
  const proxy = { uri: PROXY, host: '127.0.0.1', port: 5060, transport: 'udp' as const };
  for (let i = 1; i < lines.length; i++) {
    const broken = lines.map((l, k) => (k === i ? l.replace(':', '\u0000') : l)).join('\r\n');
    const m = recorded(`${broken}\r\n\r\n${OFFER}`);
    const others = [...checkRequestUri(m, CONFERENCE), ...checkMsrpOffer(m), ...checkViaSipIpCore(m, proxy)];
    assert.deepEqual(others.filter((f) => f.verdict === 'FAIL').map((f) => `${f.requirement} ${f.check}`), [], `line ${i + 1}: ${lines[i]}`);
    assert.ok(checkInitialRequest(m).some((f) => f.verdict === 'FAIL' && f.check === 'message-syntax'), `line ${i + 1}`);
  }
});

test('the sent-by takes a bracketed IPv6 address, and the Contact an IPv6 reference', () => {
  const v6 = invite((l) => setHeader('Contact', '<sip:alice@[::1]:5070;transport=udp>;+g.oma.sip-im')(setHeader('Via', 'SIP/2.0/UDP [::1]:5070;branch=z9hG4bK776asdhds;rport')(l)));
  assert.deepEqual(checkInitialRequest(v6).filter((f) => f.verdict !== 'PASS'), []);
  const unbracketed = checkInitialRequest(invite(setHeader('Via', 'SIP/2.0/UDP 2001:db8::1:5070;branch=z9hG4bK776asdhds'))).find((f) => f.check === 'via-branch')!;
  assert.match(unbracketed.summary, /IPv6 address without its brackets.*IPv6reference/);
  const contact = checkInitialRequest(invite(setHeader('Contact', '<sip:alice@::1:5070>;+g.oma.sip-im'))).find((f) => f.check === 'contact-sip-uri')!;
  assert.match(contact.summary, /written in brackets/);
});

test('via-transport: the top Via names the transport the INVITE came over, in any case; unreadable Via is INCONC, not a second FAIL', () => {
  const overTcp = invite(setHeader('Via', 'SIP/2.0/tcp 127.0.0.2:5070;branch=z9hG4bK776asdhds'), undefined, { transport: 'tcp' });
  assert.equal(verdicts(checkInitialRequest(overTcp))['via-transport'], 'PASS');
  const udpOverTcp = checkInitialRequest(invite(undefined, undefined, { transport: 'tcp' })).find((f) => f.check === 'via-transport')!;
  assert.equal(udpOverTcp.verdict, 'FAIL');
  assert.match(udpOverTcp.summary, /says SIP\/2\.0\/UDP, but the INVITE came over TCP/);
  const noVia = checkInitialRequest(invite(setHeader('Via')));
  assert.deepEqual(noVia.filter((f) => f.verdict === 'FAIL').map((f) => f.check), ['via-branch']);
  assert.equal(verdicts(noVia)['via-transport'], 'INCONC');
});

// Over TLS: the INVITE as a conformant client sends it there.
const AT = Date.parse('2026-03-01T12:00:00Z');
const CERT: PresentedCertificate = {
  subject: 'CN=alice.example.invalid',
  issuer: 'CN=simple-im-conformance run CA',
  validFrom: '2026-01-01T00:00:00.000Z',
  validTo: '2027-01-01T00:00:00.000Z',
  subjectAltName: 'URI:sip:alice@example.invalid',
  fingerprint256: 'AA:BB:CC',
  trusted: true,
  der: Buffer.alloc(0),
};
const TLS_LINES = (l: string[]) =>
  [setHeader('Via', 'SIP/2.0/TLS 127.0.0.2:5071;branch=z9hG4bK776asdhds'), setHeader('Route', '<sip:127.0.0.1:5061;transport=tls;lr>'), setHeader('Contact', '<sip:alice@127.0.0.2:5071;transport=tls>;+g.oma.sip-im')].reduce((acc, f) => f(acc), l);
function tlsInvite(change: (l: string[]) => string[] = (l) => l, cert: PresentedCertificate | null = CERT, at = AT): RecordedMessage {
  const m = invite((l) => change(TLS_LINES(l)), undefined, { transport: 'tls', at });
  return { ...m, tls: { connection: 1, version: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', ...(cert ? { clientCertificate: cert } : {}) } };
}
const tlsFinding = (findings: Finding[], check: string) => findings.find((f) => f.check === check);

test('a conformant INVITE over TLS passes every RJ-01 sub-check, the TLS ones too', () => {
  for (const declared of [false, true]) {
    const findings = checkInitialRequest(tlsInvite(), { clientCertificateDeclared: declared });
    assert.deepEqual(findings.map((f) => f.check).sort(), [...ALL, ...TLS_CHECKS].sort());
    assert.ok(findings.every((f) => f.verdict === 'PASS'), JSON.stringify(findings.filter((f) => f.verdict !== 'PASS'), null, 2));
  }
});

test('over UDP and TCP the TLS sub-checks give no finding, whatever the profile declares', () => {
  for (const m of [invite(), invite(setHeader('Via', 'SIP/2.0/TCP 127.0.0.2:5070;branch=z9hG4bK776asdhds'), undefined, { transport: 'tcp' })]) {
    const checks = checkInitialRequest(m, { clientCertificateDeclared: true }).map((f) => f.check);
    for (const c of TLS_CHECKS) assert.ok(!checks.includes(c), c);
  }
});

test('contact-tls: sips: and ;transport=tls both pass, each saying which; a Contact asking for no TLS FAILs alone', () => {
  const sips = tlsFinding(checkInitialRequest(tlsInvite(setHeader('Contact', '<sips:alice@127.0.0.2:5071>;+g.oma.sip-im'))), 'contact-tls')!;
  assert.equal(sips.verdict, 'PASS');
  assert.match(sips.summary, /with the sips: scheme/);
  const param = tlsFinding(checkInitialRequest(tlsInvite()), 'contact-tls')!;
  assert.equal(param.verdict, 'PASS');
  assert.match(param.summary, /with ;transport=tls/);
  for (const contact of ['<sip:alice@127.0.0.2:5071;transport=tcp>;+g.oma.sip-im', '<sip:alice@127.0.0.2:5071>;+g.oma.sip-im', '<sips:alice@127.0.0.2:5071;transport=udp>;+g.oma.sip-im']) {
    const findings = checkInitialRequest(tlsInvite(setHeader('Contact', contact), CERT, AT));
    assert.deepEqual(findings.filter((f) => f.verdict === 'FAIL').map((f) => f.check), ['contact-tls'], contact);
    assert.match(tlsFinding(findings, 'contact-tls')!.summary, /came over TLS, but its Contact .* asks for no TLS/);
    assert.equal(tlsFinding(findings, 'contact-tls')!.line?.number, 9);
  }
});

test('contact-tls is INCONC when there is no Contact URI to read: contact-sip-uri FAILs that', () => {
  const findings = checkInitialRequest(tlsInvite(setHeader('Contact', '<tel:+15551234>;+g.oma.sip-im')));
  assert.deepEqual(findings.filter((f) => f.verdict === 'FAIL').map((f) => f.check), ['contact-sip-uri']);
  assert.equal(tlsFinding(findings, 'contact-tls')!.verdict, 'INCONC');
});

test('via-transport over TLS: a Via saying TCP FAILs alone', () => {
  const findings = checkInitialRequest(tlsInvite(setHeader('Via', 'SIP/2.0/TCP 127.0.0.2:5071;branch=z9hG4bK776asdhds')));
  assert.deepEqual(findings.filter((f) => f.verdict === 'FAIL').map((f) => f.check), ['via-transport']);
  assert.match(tlsFinding(findings, 'via-transport')!.summary, /came over TLS/);
});

test('Content-Length: absent over TLS fails, as over TCP (a stream)', () => {
  const m = tlsInvite();
  const noLength = { ...m, ...recorded(Buffer.from(m.bytes.toString().replace(/Content-Length: \d+\r\n/, '')), { transport: 'tls', at: AT }), tls: m.tls };
  assert.equal(verdicts(checkInitialRequest(noLength))['content-length'], 'FAIL');
});

for (const [what, cert, declared, why] of [
  ['an expired certificate', { ...CERT, validTo: '2026-02-01T00:00:00.000Z' }, false, /expired on 2026-02-01/],
  ['a certificate not valid yet', { ...CERT, validFrom: '2026-06-01T00:00:00.000Z' }, false, /not valid yet/],
  ['an untrusted certificate under declared mutual TLS', { ...CERT, trusted: false, trustError: 'unable to verify the first certificate' }, true, /does not chain to a CA the test bed trusts \(unable to verify the first certificate\), though the profile declares mutual TLS/],
  ['no certificate under declared mutual TLS', null, true, /declares mutual TLS, but the client presented no certificate on TLS connection 1/],
] as const) {
  test(`tls-client-certificate FAILs alone for ${what}`, () => {
    const findings = checkInitialRequest(tlsInvite(undefined, cert), { clientCertificateDeclared: declared });
    assert.deepEqual(findings.filter((f) => f.verdict === 'FAIL').map((f) => f.check), ['tls-client-certificate']);
    assert.match(tlsFinding(findings, 'tls-client-certificate')!.summary, why);
  });
}

test('tls-client-certificate: nothing presented and nothing declared is no finding; an untrusted one undeclared passes, saying trust is not judged', () => {
  assert.equal(tlsFinding(checkInitialRequest(tlsInvite(undefined, null)), 'tls-client-certificate'), undefined);
  const untrusted = tlsFinding(checkInitialRequest(tlsInvite(undefined, { ...CERT, trusted: false })), 'tls-client-certificate')!;
  assert.equal(untrusted.verdict, 'PASS');
  assert.match(untrusted.summary, /not judged: the profile declares no mutual TLS/);
  // Declared, but the test bed recorded nothing of the connection: the suite cannot tell.
  const bare = { ...tlsInvite(undefined, null), tls: undefined };
  assert.equal(tlsFinding(checkInitialRequest(bare, { clientCertificateDeclared: true }), 'tls-client-certificate')!.verdict, 'INCONC');
});

test('unparsable bytes over TLS: one FAIL per SIP sub-check, contact-tls included; the certificate is still judged', () => {
  const m: RecordedMessage = { ...recorded('HELLO\r\n\r\n', { transport: 'tls', at: AT }), tls: { connection: 2, version: 'TLSv1.3', cipher: 'x', clientCertificate: CERT } };
  const findings = checkInitialRequest(m);
  assert.equal(findings.length, ALL.length + TLS_CHECKS.length);
  assert.ok(findings.filter((f) => f.check !== 'tls-client-certificate').every((f) => f.verdict === 'FAIL'));
  assert.equal(tlsFinding(findings, 'tls-client-certificate')!.verdict, 'PASS');
});
