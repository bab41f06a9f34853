import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import type { MessageRecord } from '../../support/report/message-record';
import { EvidenceRecorder, type EvidenceSource } from '../../support/scenario/evidence-recorder';
import type { RecordedMessage, TlsWireChunk } from '../../support/sip/recorded-message';
import { invite, okLines, recorded, sipText } from '../helpers/messages';

const TLS = { connection: 1, version: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256' };
const overTls = (m: RecordedMessage): RecordedMessage => ({ ...m, transport: 'tls', tls: TLS });
const chunk: TlsWireChunk = { connection: 1, at: 1_000_000, direction: 'from-client', source: { host: '127.0.0.2', port: 40001 }, destination: { host: '127.0.0.1', port: 5061 }, bytes: Buffer.from([0x16, 3, 1, 0, 0]) };
const KEYLOG = ['CLIENT_HANDSHAKE_TRAFFIC_SECRET 00aa 11bb', 'SERVER_HANDSHAKE_TRAFFIC_SECRET 00aa 22cc'];
const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const caFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'evidence-ca-')), 'ca.pem');
fs.writeFileSync(caFile, CA);

function recording(source: EvidenceSource): Array<{ fileName: string; body: string | Buffer }> {
  const attached: Array<{ fileName: string; body: string | Buffer }> = [];
  const evidence = new EvidenceRecorder((body, o) => attached.push({ fileName: o.fileName, body }), source);
  evidence.atVerdict([], []);
  source.trace.push(overTls(recorded(sipText(okLines()), { seq: 2, direction: 'to-client', transport: 'tls' })));
  evidence.atEnd([], 'log');
  return attached;
}

test('over TLS the evidence carries the key log beside each pcap, the CA once, and messages.json at the end', () => {
  const attached = recording({ trace: [overTls(invite(undefined, undefined, { seq: 1, transport: 'tls' }))], wire: [chunk], keylog: KEYLOG, tlsCaFile: caFile, laneNames: () => new Map() });
  assert.deepEqual(attached.map((a) => a.fileName), [
    'sip-trace.txt',
    'ladder.svg',
    'sip-trace.pcap',
    'sslkeylog.txt',
    'sdp-offer-answer.txt',
    'tls-ca.pem',
    'sip-trace-whole-scenario.txt',
    'ladder-whole-scenario.svg',
    'sip-trace-whole-scenario.pcap',
    'sslkeylog-whole-scenario.txt',
    'sdp-offer-answer-whole-scenario.txt',
    'messages.json',
    'client-upper-tester.log',
  ]);
  assert.equal(attached.find((a) => a.fileName === 'sslkeylog.txt')!.body, `${KEYLOG.join('\n')}\n`);
  assert.equal(attached.find((a) => a.fileName === 'tls-ca.pem')!.body, CA);
  const messages = JSON.parse(attached.find((a) => a.fileName === 'messages.json')!.body as string) as MessageRecord[];
  assert.deepEqual(messages.map((m) => [m.seq, m.transport, m.carriedOver, m.tls?.connection]), [
    [1, 'tls', 'TLS 1.3', 1],
    [2, 'tls', 'TLS 1.3', 1],
  ]);
});

test('without TLS there is no key log and no CA, and a source that has no wire at all still gives its evidence', () => {
  const attached = recording({ trace: [invite(undefined, undefined, { seq: 1 })], laneNames: () => new Map() });
  const names = attached.map((a) => a.fileName);
  assert.ok(names.includes('sip-trace.pcap') && names.includes('messages.json'));
  assert.ok(!names.some((n) => n.startsWith('sslkeylog') || n === 'tls-ca.pem'), names.join(', '));
});

test('a CA file that is gone leaves the CA out of the evidence, not the rest of it', () => {
  const attached = recording({ trace: [overTls(invite(undefined, undefined, { seq: 1, transport: 'tls' }))], tlsCaFile: path.join(os.tmpdir(), 'no-such-dir', 'ca.pem'), laneNames: () => new Map() });
  assert.ok(!attached.some((a) => a.fileName === 'tls-ca.pem'));
  assert.ok(attached.some((a) => a.fileName === 'messages.json'));
});
