import * as net from 'node:net';
import type { Endpoint, RecordedMessage } from '../sip/recorded-message';

/**
 * A pcap file (LINKTYPE_RAW: IPv4/IPv6 packets, no link layer) made from what the test bed
 * recorded, so a reviewer can open the scenario in Wireshark or tshark without capture rights.
 * TCP messages get consecutive sequence numbers per direction, so the stream reassembles.
 */
const LINKTYPE_RAW = 101;
const MAX_SEGMENT = 60_000;

export function pcapOf(trace: readonly RecordedMessage[]): Buffer {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(262144, 16);
  header.writeUInt32LE(LINKTYPE_RAW, 20);
  const nextSeq = new Map<string, number>();
  const records: Buffer[] = [header];
  for (const m of trace) {
    // The stream as it crossed the wire: stray bytes a wrong Content-Length left follow their message.
    const wire = m.strayAfter ? Buffer.concat([m.bytes, m.strayAfter]) : m.bytes;
    const segments = m.transport === 'tcp' ? chunks(wire, MAX_SEGMENT) : [m.bytes.subarray(0, 65_507)];
    for (const payload of segments) {
      let transport: Buffer;
      if (m.transport === 'udp') transport = udp(m.source, m.destination, payload);
      else {
        const flow = `${key(m.source)}>${key(m.destination)}`;
        const seq = nextSeq.get(flow) ?? 1;
        nextSeq.set(flow, (seq + payload.length) >>> 0);
        transport = tcp(m.source, m.destination, payload, seq, nextSeq.get(`${key(m.destination)}>${key(m.source)}`) ?? 1);
      }
      const packet = ip(m.source.host, m.destination.host, m.transport === 'udp' ? 17 : 6, transport);
      const rec = Buffer.alloc(16);
      rec.writeUInt32LE(Math.floor(m.at / 1000), 0);
      rec.writeUInt32LE((m.at % 1000) * 1000, 4);
      rec.writeUInt32LE(packet.length, 8);
      rec.writeUInt32LE(packet.length, 12);
      records.push(rec, packet);
    }
  }
  return Buffer.concat(records);
}

function chunks(bytes: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out.length > 0 ? out : [Buffer.alloc(0)];
}

const key = (e: Endpoint): string => `${e.host}:${e.port}`;

function udp(src: Endpoint, dst: Endpoint, payload: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt16BE(src.port, 0);
  h.writeUInt16BE(dst.port, 2);
  h.writeUInt16BE(8 + payload.length, 4);
  return Buffer.concat([h, payload]); // checksum 0: "not computed", valid over IPv4
}

function tcp(src: Endpoint, dst: Endpoint, payload: Buffer, seq: number, ack: number): Buffer {
  const h = Buffer.alloc(20);
  h.writeUInt16BE(src.port, 0);
  h.writeUInt16BE(dst.port, 2);
  h.writeUInt32BE(seq >>> 0, 4);
  h.writeUInt32BE(ack >>> 0, 8);
  h.writeUInt8(5 << 4, 12);
  h.writeUInt8(0x18, 13); // PSH, ACK
  h.writeUInt16BE(65535, 14);
  return Buffer.concat([h, payload]);
}

function ip(src: string, dst: string, protocol: number, payload: Buffer): Buffer {
  if (net.isIPv6(src) || net.isIPv6(dst)) {
    const h = Buffer.alloc(40);
    h.writeUInt32BE(0x60000000, 0);
    h.writeUInt16BE(payload.length, 4);
    h.writeUInt8(protocol, 6);
    h.writeUInt8(64, 7);
    v6(src).copy(h, 8);
    v6(dst).copy(h, 24);
    return Buffer.concat([h, payload]);
  }
  const h = Buffer.alloc(20);
  h.writeUInt8(0x45, 0);
  h.writeUInt16BE(Math.min(65535, 20 + payload.length), 2);
  h.writeUInt16BE(0x4000, 6); // don't fragment
  h.writeUInt8(64, 8);
  h.writeUInt8(protocol, 9);
  v4(src).copy(h, 12);
  v4(dst).copy(h, 16);
  h.writeUInt16BE(checksum(h), 10);
  return Buffer.concat([h, payload]);
}

function v4(address: string): Buffer {
  return Buffer.from((net.isIPv4(address) ? address : '0.0.0.0').split('.').map(Number));
}

function v6(address: string): Buffer {
  const [head, tail = ''] = address.split('::');
  const parts = (s: string) => (s ? s.split(':') : []);
  const groups = [...parts(head), ...Array(8 - parts(head).length - parts(tail).length).fill('0'), ...parts(tail)];
  const b = Buffer.alloc(16);
  groups.forEach((g, i) => b.writeUInt16BE(parseInt(g, 16) || 0, i * 2));
  return b;
}

function checksum(header: Buffer): number {
  let sum = 0;
  for (let i = 0; i < header.length; i += 2) sum += header.readUInt16BE(i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}
