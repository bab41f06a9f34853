import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { pcapOf } from '../../support/evidence/pcap';
import type { RecordedMessage, TlsWireChunk } from '../../support/sip/recorded-message';
import { invite, okLines, recorded, sipText } from '../helpers/messages';

const over = (m: RecordedMessage, transport: 'udp' | 'tcp', seq: number, direction: RecordedMessage['direction'] = m.direction): RecordedMessage => ({ ...m, seq, transport, direction });
const ok = recorded(sipText(okLines()), { seq: 2, direction: 'to-client' });
const trace: RecordedMessage[] = [
  over(invite(), 'udp', 1),
  { ...ok, source: { host: '127.0.0.1', port: 5060 }, destination: { host: '127.0.0.2', port: 5070 } },
  over(invite(), 'tcp', 3),
  over(invite(), 'tcp', 4),
];

/** Reads the pcap back: the link type and each packet's IP version, addresses, protocol, transport segment and payload. */
function readPcap(file: Buffer): { linkType: number; packets: Array<{ version: number; source: Buffer; destination: Buffer; protocol: number; segment: Buffer; payload: Buffer }> } {
  const packets = [];
  for (let off = 24; off < file.length; ) {
    const length = file.readUInt32LE(off + 8);
    const packet = file.subarray(off + 16, off + 16 + length);
    const version = packet[0] >> 4;
    const protocol = version === 6 ? packet[6] : packet[9];
    const ipHeader = version === 6 ? 40 : (packet[0] & 0x0f) * 4;
    const [source, destination] = version === 6 ? [packet.subarray(8, 24), packet.subarray(24, 40)] : [packet.subarray(12, 16), packet.subarray(16, 20)];
    const segment = packet.subarray(ipHeader);
    const transportHeader = protocol === 17 ? 8 : (segment[12] >> 4) * 4;
    packets.push({ version, source, destination, protocol, segment, payload: segment.subarray(transportHeader) });
    off += 16 + length;
  }
  return { linkType: file.readUInt32LE(20), packets };
}

test('every recorded message becomes one raw-IP packet carrying exactly its bytes', () => {
  const { linkType, packets } = readPcap(pcapOf(trace));
  assert.equal(linkType, 101);
  assert.deepEqual(packets.map((p) => p.protocol), [17, 17, 6, 6]);
  packets.forEach((p, i) => assert.ok(p.payload.equals(trace[i].bytes), `packet ${i + 1}`));
});

const tshark = spawnSync('tshark', ['--version'], { stdio: 'ignore' }).status === 0;

test('tshark decodes the pcap as the same SIP messages the suite recorded', { skip: tshark ? false : 'tshark is not installed (Debian package tshark)' }, () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pcap-')), 'trace.pcap');
  fs.writeFileSync(file, pcapOf(trace));
  const run = spawnSync('tshark', ['-r', file, '-T', 'fields', '-e', 'sip.Request-Line', '-e', 'sip.Status-Line', '-e', 'sip.Call-ID'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const rows = run.stdout.trim().split('\n').map((l) => l.split('\t'));
  assert.deepEqual(
    rows.map((r) => r[0] || r[1]),
    trace.map((m) => m.sip!.startLine),
  );
  assert.ok(rows.every((r) => r[2] === 'a84b4c76e66710@127.0.0.2'));
});

test('over TCP the stray bytes a wrong Content-Length left follow their message in the stream, as they crossed the wire', () => {
  const m = { ...over(invite(), 'tcp', 1), strayAfter: Buffer.from('ok\r\n') };
  const { packets } = readPcap(pcapOf([m]));
  assert.deepEqual(Buffer.concat(packets.map((p) => p.payload)), Buffer.concat([m.bytes, m.strayAfter]));
});

/** The same trace over IPv6 loopback: the client at [::1]:5070, the test bed at [::1]:5060. */
const v6 = (m: RecordedMessage): RecordedMessage => {
  const client = { host: '::1', port: 5070 };
  const bed = { host: '::1', port: 5060 };
  return m.direction === 'from-client' ? { ...m, source: client, destination: bed } : { ...m, source: bed, destination: client };
};
const traceV6 = [...trace.map(v6), v6({ ...ok, seq: 5, transport: 'tcp' })];

/** RFC 1071: the ones' complement sum over the pseudo-header and the segment, checksum included, is all ones. */
function sumsToAllOnes(p: ReturnType<typeof readPcap>['packets'][number]): boolean {
  const pseudo = Buffer.alloc(p.version === 6 ? 40 : 12);
  if (p.version === 6) {
    p.source.copy(pseudo, 0);
    p.destination.copy(pseudo, 16);
    pseudo.writeUInt32BE(p.segment.length, 32);
    pseudo[39] = p.protocol;
  } else {
    p.source.copy(pseudo, 0);
    p.destination.copy(pseudo, 4);
    pseudo[9] = p.protocol;
    pseudo.writeUInt16BE(p.segment.length, 10);
  }
  const bytes = Buffer.concat([pseudo, p.segment, Buffer.alloc(p.segment.length % 2)]);
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 2) sum += bytes.readUInt16BE(i);
  while (sum > 0xffff) sum = (sum % 0x10000) + Math.floor(sum / 0x10000);
  return sum === 0xffff;
}

test('over IPv6 every packet is IPv6 from ::1 and its UDP or TCP checksum is computed over the pseudo-header', () => {
  const { packets } = readPcap(pcapOf(traceV6));
  assert.deepEqual(packets.map((p) => [p.version, p.protocol]), [[6, 17], [6, 17], [6, 6], [6, 6], [6, 6]]);
  const loopback = Buffer.from('00000000000000000000000000000001', 'hex');
  assert.ok(packets.every((p) => p.source.equals(loopback) && p.destination.equals(loopback)));
  for (const [i, p] of packets.entries()) {
    // RFC 8200 8.1: a UDP checksum of zero is invalid over IPv6.
    if (p.protocol === 17) assert.notEqual(p.segment.readUInt16BE(6), 0, `packet ${i + 1}: UDP checksum 0 over IPv6`);
    assert.ok(sumsToAllOnes(p), `packet ${i + 1}: wrong checksum`);
  }
  packets.forEach((p, i) => assert.ok(p.payload.equals(traceV6[i].bytes), `packet ${i + 1}`));
});

test('over IPv4 the UDP and TCP checksums are right too, an odd-length payload included', () => {
  const body = sipText(okLines(), 'x').length % 2 === 1 ? 'x' : 'xy';
  const odd = recorded(sipText(okLines(), body), { seq: 1, direction: 'to-client' });
  assert.equal(odd.bytes.length % 2, 1);
  const { packets } = readPcap(pcapOf([...trace, odd, over(odd, 'tcp', 6)]));
  packets.forEach((p, i) => assert.ok(sumsToAllOnes(p), `packet ${i + 1}: wrong checksum`));
});

test('tshark reads the IPv6 pcap as the same SIP with good checksums and no malformed packet or warning', { skip: tshark ? false : 'tshark is not installed (Debian package tshark)' }, () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pcap-')), 'trace-v6.pcap');
  fs.writeFileSync(file, pcapOf(traceV6));
  const checked = ['-o', 'udp.check_checksum:TRUE', '-o', 'tcp.check_checksum:TRUE'];
  const run = spawnSync('tshark', ['-r', file, ...checked, '-T', 'fields', '-e', 'ipv6.src', '-e', 'udp.checksum.status', '-e', 'tcp.checksum.status', '-e', 'sip.Request-Line', '-e', 'sip.Status-Line'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const rows = run.stdout.trim().split('\n').map((l) => l.split('\t'));
  assert.deepEqual(rows.map((r) => r[0]), traceV6.map(() => '::1'));
  // Wireshark's checksum status: 1 is "Good" (0 bad, 2 unverified).
  assert.deepEqual(rows.map((r) => r[1] || r[2]), traceV6.map(() => '1'));
  assert.deepEqual(rows.map((r) => r[3] || r[4]), traceV6.map((m) => m.sip!.startLine));
  const warnings = spawnSync('tshark', ['-r', file, ...checked, '-Y', '_ws.malformed || _ws.expert.severity >= "Warning"', '-T', 'fields', '-e', 'frame.number', '-e', '_ws.expert.message'], { encoding: 'utf8' });
  assert.equal(warnings.status, 0, warnings.stderr);
  assert.equal(warnings.stdout.trim(), '', 'no malformed packet, no expert warning');
});

test('over TLS the connection records, not the plaintext, go in, in time order with the other messages, numbered per connection', () => {
  const client = { host: '127.0.0.2', port: 40001 };
  const bed = { host: '127.0.0.1', port: 5061 };
  const chunk = (connection: number, at: number, direction: TlsWireChunk['direction'], text: string): TlsWireChunk => ({
    connection,
    at,
    direction,
    source: direction === 'from-client' ? client : bed,
    destination: direction === 'from-client' ? bed : client,
    bytes: Buffer.from(text),
  });
  const wire = [chunk(1, 1001, 'from-client', 'hello-1'), chunk(1, 1001, 'to-client', 'hello-2-longer'), chunk(1, 1003, 'from-client', 'record-3'), chunk(2, 1004, 'from-client', 'again')];
  const overTls: RecordedMessage = { ...invite(undefined, undefined, { seq: 2, at: 1003 }), transport: 'tls', tls: { connection: 1, version: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256' } };
  const udpFirst = invite(undefined, undefined, { seq: 1, at: 1000 });
  const udpBetween = recorded(sipText(okLines()), { seq: 3, direction: 'to-client', at: 1002 });
  const { packets } = readPcap(pcapOf([udpFirst, overTls, udpBetween], wire));
  assert.deepEqual(
    packets.map((p) => p.payload.toString('latin1').split('\r\n')[0]),
    [udpFirst.sip!.startLine, 'hello-1', 'hello-2-longer', udpBetween.sip!.startLine, 'record-3', 'again'],
  );
  const tcp = packets.filter((p) => p.protocol === 6).map((p) => [p.segment.readUInt32BE(4), p.segment.readUInt32BE(8)]);
  // Sequence numbers go on per connection and direction; each acknowledges what the other side sent.
  assert.deepEqual(tcp, [
    [1, 1],
    [1, 1 + 'hello-1'.length],
    [1 + 'hello-1'.length, 1 + 'hello-2-longer'.length],
    [1, 1],
  ]);
});
