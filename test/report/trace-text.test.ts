import assert from 'node:assert/strict';
import { test } from 'node:test';
import { traceText } from '../../support/report/trace-text';
import type { RecordedMessage, TlsConnectionInfo } from '../../support/sip/recorded-message';
import { invite, inviteLines, okLines, recorded, sipText } from '../helpers/messages';

const TLS13: TlsConnectionInfo = { connection: 1, version: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' };
const overTls = (m: RecordedMessage, tls: TlsConnectionInfo = TLS13): RecordedMessage => ({ ...m, transport: 'tls', tls });
/** What the client sent on a TLS port whose handshake then failed: plain SIP, which must not read as SIP. */
const failedHandshake = (bytes: Buffer, seq = 3): RecordedMessage => ({
  seq,
  at: 1_000_100,
  direction: 'from-client',
  transport: 'tls',
  protocol: 'tls-handshake',
  source: { host: '127.0.0.2', port: 40002 },
  destination: { host: '127.0.0.1', port: 5061 },
  bytes,
  tlsError: 'TLS handshake failed: wrong version number (ERR_SSL_WRONG_VERSION_NUMBER)',
});

test('a message carried over TLS says so in its header with the version and the connection; its connection is described once', () => {
  const text = traceText([
    overTls(invite(undefined, undefined, { seq: 1, transport: 'tls' })),
    overTls(recorded(sipText(okLines()), { seq: 2, direction: 'to-client', transport: 'tls' })),
    invite(undefined, undefined, { seq: 3, transport: 'udp' }),
  ]);
  const [first, second, third] = text.split(/\n(?=#\d)/);
  assert.match(first, /^#1 {2}\+0\.000 s {2}TLS 1\.3 {2}127\.0\.0\.2:5070 -> 127\.0\.0\.1:5060 {2}\(client -> test bed, \d+ bytes, TLS connection 1\)\n/);
  assert.match(first, /\[TLS connection 1: TLSv1\.3, TLS_AES_256_GCM_SHA384; the client presented no certificate\. Shown below: the plaintext it carried; the pcap holds its records\.\]\nINVITE sip:/);
  assert.match(second, /^#2 .* TLS 1\.3 .*TLS connection 1\)\nSIP\/2\.0 200 OK/, 'the connection is not described again');
  assert.match(third, /^#3 .* UDP .*bytes\)\nINVITE sip:/);
});

test('the client certificate of a mutual TLS connection is in the trace, with whether the test bed trusts it', () => {
  const cert = {
    subject: 'CN=alice',
    issuer: 'CN=some other CA',
    validFrom: '2024-01-01T00:00:00.000Z',
    validTo: '2025-01-01T00:00:00.000Z',
    subjectAltName: 'URI:sip:alice@example.invalid',
    fingerprint256: 'AA:BB',
    trusted: false,
    trustError: 'not issued by the CA the test bed trusts',
    der: Buffer.alloc(0),
  };
  const text = traceText([overTls(invite(undefined, undefined, { seq: 1, transport: 'tls' }), { ...TLS13, version: 'TLSv1.2', clientCertificate: cert })]);
  assert.match(text, /TLS 1\.2 /);
  assert.match(text, /client certificate CN=alice issued by CN=some other CA, subjectAltName URI:sip:alice@example\.invalid, .*SHA-256 AA:BB \(NOT trusted: not issued by the CA the test bed trusts\)/);
});

test('a failed TLS handshake shows as that, with its reason and a hex dump of what the client sent, never as SIP', () => {
  const plain = sipText(inviteLines());
  const text = traceText([invite(undefined, undefined, { seq: 1 }), failedHandshake(plain)]);
  const record = text.split(/\n(?=#\d)/)[1];
  assert.match(record, /^#3 {2}\+0\.100 s {2}TLS {2}127\.0\.0\.2:40002 -> 127\.0\.0\.1:5061 {2}\(client -> test bed, \d+ bytes\)\n/);
  assert.match(record, /\nFAILED TLS HANDSHAKE \(not SIP, not judged as the client's SIP\): wrong version number \(ERR_SSL_WRONG_VERSION_NUMBER\)\nWhat the client sent on the connection:\n00000000 {2}49 4e 56 49 54 45 20 /);
  assert.doesNotMatch(record, /^INVITE sip:/m, 'the bytes are dumped, not printed as a SIP message');
});

test('a failed TLS handshake on which the client sent nothing says so', () => {
  assert.match(traceText([failedHandshake(Buffer.alloc(0), 1)]), /What the client sent on the connection:\n\(nothing\)\n$/);
});

test('IPv6 endpoints are bracketed, as in a URI', () => {
  const m = invite(undefined, undefined, { seq: 1 });
  const text = traceText([{ ...m, source: { host: '::1', port: 5070 }, destination: { host: '::1', port: 5060 } }]);
  assert.match(text, /^#1 {2}\+0\.000 s {2}UDP {2}\[::1\]:5070 -> \[::1\]:5060 {2}/);
});

test('a stray message says so, and why, above its text', () => {
  const bye = { ...recorded(sipText(['BYE sip:conf-42@conference.example.invalid SIP/2.0', 'Call-ID: old', 'CSeq: 2 BYE']), { seq: 3 }), stray: 'a BYE of no dialog the test bed took part in in this scenario (Call-ID old unknown here)' };
  const text = traceText([invite(), bye]);
  assert.match(text, /#3 .*\nSTRAY \(of no dialog or transaction of this scenario, not judged\): a BYE of no dialog the test bed took part in in this scenario \(Call-ID old unknown here\)\nBYE sip:conf-42/);
  assert.doesNotMatch(text.split('#3')[0], /STRAY/);
});
