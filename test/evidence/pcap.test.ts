import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { pcapOf } from '../../support/evidence/pcap';
import type { RecordedMessage } from '../../support/sip/recorded-message';
import { invite, okLines, recorded, sipText } from '../helpers/messages';

const over = (m: RecordedMessage, transport: 'udp' | 'tcp', seq: number, direction: RecordedMessage['direction'] = m.direction): RecordedMessage => ({ ...m, seq, transport, direction });
const ok = recorded(sipText(okLines()), { seq: 2, direction: 'to-client' });
const trace: RecordedMessage[] = [
  over(invite(), 'udp', 1),
  { ...ok, source: { host: '127.0.0.1', port: 5060 }, destination: { host: '127.0.0.2', port: 5070 } },
  over(invite(), 'tcp', 3),
  over(invite(), 'tcp', 4),
];

/** Reads the pcap back: the link type and each packet's protocol and payload. */
function readPcap(file: Buffer): { linkType: number; packets: Array<{ protocol: number; payload: Buffer }> } {
  const packets: Array<{ protocol: number; payload: Buffer }> = [];
  for (let off = 24; off < file.length; ) {
    const length = file.readUInt32LE(off + 8);
    const packet = file.subarray(off + 16, off + 16 + length);
    const protocol = packet[9];
    const ipHeader = (packet[0] & 0x0f) * 4;
    const transportHeader = protocol === 17 ? 8 : (packet[ipHeader + 12] >> 4) * 4;
    packets.push({ protocol, payload: packet.subarray(ipHeader + transportHeader) });
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
