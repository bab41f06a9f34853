import assert from 'node:assert/strict';
import { test } from 'node:test';
import { messageRecords } from '../../support/report/message-record';
import { buildSummary } from '../../support/report/summary';
import type { RecordedMessage } from '../../support/sip/recorded-message';
import { invite, inviteLines, okLines, recorded, sipText } from '../helpers/messages';

const v6 = { source: { host: '::1', port: 40001 }, destination: { host: '::1', port: 5061 } };
const overTls: RecordedMessage = { ...invite(undefined, undefined, { seq: 1, transport: 'tls' }), ...v6, tls: { connection: 1, version: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' } };
const plain = sipText(inviteLines());
const failedHandshake: RecordedMessage = {
  seq: 2,
  at: 1_000_001,
  direction: 'from-client',
  transport: 'tls',
  protocol: 'tls-handshake',
  ...v6,
  bytes: plain,
  tlsError: 'TLS handshake failed: wrong version number (ERR_SSL_WRONG_VERSION_NUMBER)',
};

test('a message carried over TLS is recorded with transport "tls", its version label and connection, IPv6 endpoints bracketed', () => {
  const [record] = messageRecords([overTls]);
  assert.deepEqual(record, {
    seq: 1,
    direction: 'from-client',
    transport: 'tls',
    carriedOver: 'TLS 1.3',
    protocol: 'sip',
    source: '[::1]:40001',
    destination: '[::1]:5061',
    firstLine: overTls.sip!.startLine,
    bytes: overTls.bytes.length,
    tls: { connection: 1, version: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' },
  });
});

test('a failed TLS handshake is recorded as that, with its reason and what the client sent in hex, never with a SIP start line', () => {
  const [record] = messageRecords([failedHandshake]);
  assert.equal(record.protocol, 'tls-handshake');
  assert.equal(record.carriedOver, 'TLS');
  assert.equal(record.firstLine, 'FAILED TLS HANDSHAKE: wrong version number (ERR_SSL_WRONG_VERSION_NUMBER)');
  assert.equal(record.tlsError, failedHandshake.tlsError);
  assert.equal(record.sentHex, plain.toString('hex'));
  assert.equal(record.tls, undefined);
});

test('over UDP and TCP the record says so and carries no TLS fields; an unparsable message says it is', () => {
  const records = messageRecords([recorded(sipText(okLines()), { seq: 3, direction: 'to-client', transport: 'tcp' }), recorded('GARBAGE\r\n\r\n', { seq: 4 })]);
  assert.deepEqual(records.map((r) => [r.transport, r.carriedOver, r.firstLine, r.source, 'tls' in r, 'sentHex' in r]), [
    ['tcp', 'TCP', 'SIP/2.0 200 OK', '127.0.0.1:5060', false, false],
    ['udp', 'UDP', 'UNPARSABLE: GARBAGE', '127.0.0.2:5070', false, false],
  ]);
});

test('summary.json lists each scenario\'s messages under traces, an empty list when none was given', () => {
  const suite = { name: 's', version: '1' };
  const sut = { name: 'c', version: '1', adapter: 'process' };
  assert.deepEqual(buildSummary(suite, sut, []).traces, [], 'never a missing field');
  const traces = [{ id: 'SIMPLE_IM-1.0-con-RJ01-03', scenario: 'over TLS', messages: messageRecords([overTls, failedHandshake]) }];
  const summary = buildSummary(suite, sut, [], new Set(), undefined, traces);
  assert.deepEqual(summary.traces, traces);
  assert.deepEqual(JSON.parse(JSON.stringify(summary)).traces[0].messages.map((m: { transport: string; tls?: { version: string } }) => [m.transport, m.tls?.version]), [
    ['tls', 'TLSv1.3'],
    ['tls', undefined],
  ]);
});
