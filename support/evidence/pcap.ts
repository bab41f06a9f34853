import * as net from 'node:net';
import type { Endpoint, RecordedMessage, TlsWireChunk } from '../sip/recorded-message';
import { expandIpv6, unbracketed } from '../sip/sip-uri';

/**
 * A pcap file (LINKTYPE_RAW: IPv4/IPv6 packets, no link layer) made from what the test bed
 * recorded, so a reviewer can open the scenario in Wireshark or tshark without capture rights.
 * TCP segments get consecutive sequence numbers per direction, so the stream reassembles.
 *
 * Over TLS the pcap does not pretend: a message carried over TLS is not written as plaintext TCP.
 * The connection's TLS records are written instead, as they crossed the socket (`wire`), and the
 * scenario's key log beside the pcap (sslkeylog.txt) lets Wireshark decrypt them. Without `wire`
 * the messages carried over TLS are absent from the pcap (they stay in sip-trace.txt).
 */
const LINKTYPE_RAW = 101;
const MAX_SEGMENT = 60_000;
const UDP = 17;
const TCP = 6;

/** One packet to write: the TCP flow it belongs to (for sequence numbers) or none for UDP. */
interface Segment {
  at: number;
  source: Endpoint;
  destination: Endpoint;
  payload: Buffer;
  /** TCP: the flow's key and its reverse's (acknowledgement numbers); absent for UDP. */
  flow?: { key: string; reverse: string };
}

export function pcapOf(trace: readonly RecordedMessage[], wire: readonly TlsWireChunk[] = []): Buffer {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(262144, 16);
  header.writeUInt32LE(LINKTYPE_RAW, 20);
  const nextSeq = new Map<string, number>();
  const records: Buffer[] = [header];
  for (const s of inTimeOrder(plainSegments(trace), tlsSegments(wire))) {
    let transport: Buffer;
    if (!s.flow) transport = udp(s.source, s.destination, s.payload);
    else {
      const seq = nextSeq.get(s.flow.key) ?? 1;
      nextSeq.set(s.flow.key, (seq + s.payload.length) >>> 0);
      transport = tcp(s.source, s.destination, s.payload, seq, nextSeq.get(s.flow.reverse) ?? 1);
    }
    const packet = ip(s.source.host, s.destination.host, s.flow ? TCP : UDP, transport);
    const rec = Buffer.alloc(16);
    rec.writeUInt32LE(Math.floor(s.at / 1000), 0);
    rec.writeUInt32LE((s.at % 1000) * 1000, 4);
    rec.writeUInt32LE(packet.length, 8);
    rec.writeUInt32LE(packet.length, 12);
    records.push(rec, packet);
  }
  return Buffer.concat(records);
}

/** The UDP and TCP messages as they crossed; those carried over TLS are the wire's to show. */
function plainSegments(trace: readonly RecordedMessage[]): Segment[] {
  const out: Segment[] = [];
  for (const m of trace) {
    if (m.transport === 'tls') continue;
    if (m.transport === 'udp') {
      out.push({ at: m.at, source: m.source, destination: m.destination, payload: m.bytes.subarray(0, 65_507) });
      continue;
    }
    // The stream as it crossed the wire: stray bytes a wrong Content-Length left follow their message.
    const stream = m.strayAfter ? Buffer.concat([m.bytes, m.strayAfter]) : m.bytes;
    const flow = { key: `${key(m.source)}>${key(m.destination)}`, reverse: `${key(m.destination)}>${key(m.source)}` };
    for (const payload of chunks(stream, MAX_SEGMENT)) out.push({ at: m.at, source: m.source, destination: m.destination, payload, flow });
  }
  return out;
}

/** Each TLS connection's records, numbered per connection and direction so each stream reassembles. */
function tlsSegments(wire: readonly TlsWireChunk[]): Segment[] {
  const out: Segment[] = [];
  for (const c of wire) {
    const other = c.direction === 'from-client' ? 'to-client' : 'from-client';
    const flow = { key: `tls#${c.connection} ${c.direction}`, reverse: `tls#${c.connection} ${other}` };
    for (const payload of chunks(c.bytes, MAX_SEGMENT)) out.push({ at: c.at, source: c.source, destination: c.destination, payload, flow });
  }
  return out;
}

/** Merges two lists, each already in its own order, by time; at the same time the first goes first. */
function inTimeOrder(a: readonly Segment[], b: readonly Segment[]): Segment[] {
  const out: Segment[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i].at <= b[j].at)) out.push(a[i++]);
    else out.push(b[j++]);
  }
  return out;
}

function chunks(bytes: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out.length > 0 ? out : [Buffer.alloc(0)];
}

const key = (e: Endpoint): string => `${e.host}:${e.port}`;

function udp(src: Endpoint, dst: Endpoint, payload: Buffer): Buffer {
  const segment = Buffer.alloc(8 + payload.length);
  segment.writeUInt16BE(src.port, 0);
  segment.writeUInt16BE(dst.port, 2);
  segment.writeUInt16BE(segment.length, 4);
  payload.copy(segment, 8);
  // RFC 768: a computed 0 is sent as all ones; 0 means "none", which RFC 8200 8.1 forbids over IPv6.
  segment.writeUInt16BE(transportChecksum(src.host, dst.host, UDP, segment) || 0xffff, 6);
  return segment;
}

function tcp(src: Endpoint, dst: Endpoint, payload: Buffer, seq: number, ack: number): Buffer {
  const segment = Buffer.alloc(20 + payload.length);
  segment.writeUInt16BE(src.port, 0);
  segment.writeUInt16BE(dst.port, 2);
  segment.writeUInt32BE(seq >>> 0, 4);
  segment.writeUInt32BE(ack >>> 0, 8);
  segment.writeUInt8(5 << 4, 12);
  segment.writeUInt8(0x18, 13); // PSH, ACK
  segment.writeUInt16BE(65535, 14);
  payload.copy(segment, 20);
  segment.writeUInt16BE(transportChecksum(src.host, dst.host, TCP, segment), 16);
  return segment;
}

/** Both ends in one IP version: IPv6 when either is, an IPv4 end then mapped (RFC 4291 2.5.5.2). */
function addresses(src: string, dst: string): { v6: boolean; src: Buffer; dst: Buffer } {
  const v6 = net.isIPv6(bare(src)) || net.isIPv6(bare(dst));
  return v6 ? { v6, src: v6Bytes(src), dst: v6Bytes(dst) } : { v6, src: v4Bytes(src), dst: v4Bytes(dst) };
}

/** The UDP or TCP checksum over the pseudo-header (RFC 768, RFC 9293 3.1; RFC 8200 8.1 over IPv6). */
function transportChecksum(src: string, dst: string, protocol: number, segment: Buffer): number {
  const a = addresses(src, dst);
  const pseudo = Buffer.alloc(a.v6 ? 40 : 12);
  if (a.v6) {
    a.src.copy(pseudo, 0);
    a.dst.copy(pseudo, 16);
    pseudo.writeUInt32BE(segment.length, 32);
    pseudo.writeUInt8(protocol, 39);
  } else {
    a.src.copy(pseudo, 0);
    a.dst.copy(pseudo, 4);
    pseudo.writeUInt8(protocol, 9);
    pseudo.writeUInt16BE(segment.length, 10);
  }
  return checksum(Buffer.concat([pseudo, segment]));
}

function ip(src: string, dst: string, protocol: number, payload: Buffer): Buffer {
  const a = addresses(src, dst);
  if (a.v6) {
    const h = Buffer.alloc(40);
    h.writeUInt32BE(0x60000000, 0);
    h.writeUInt16BE(payload.length, 4);
    h.writeUInt8(protocol, 6);
    h.writeUInt8(64, 7);
    a.src.copy(h, 8);
    a.dst.copy(h, 24);
    return Buffer.concat([h, payload]);
  }
  const h = Buffer.alloc(20);
  h.writeUInt8(0x45, 0);
  h.writeUInt16BE(Math.min(65535, 20 + payload.length), 2);
  h.writeUInt16BE(0x4000, 6); // don't fragment
  h.writeUInt8(64, 8);
  h.writeUInt8(protocol, 9);
  a.src.copy(h, 12);
  a.dst.copy(h, 16);
  h.writeUInt16BE(checksum(h), 10);
  return Buffer.concat([h, payload]);
}

/** An address without the brackets of a URI or a zone index ("[fe80::1%eth0]" → "fe80::1"). */
function bare(address: string): string {
  return unbracketed(address).replace(/%.*$/, '');
}

function v4Bytes(address: string): Buffer {
  const a = bare(address);
  return Buffer.from((net.isIPv4(a) ? a : '0.0.0.0').split('.').map(Number));
}

/** RFC 4291 2.2 text form to 16 bytes (expandIpv6 reads "::" runs and a dotted IPv4 tail); an IPv4 address is mapped. */
function v6Bytes(address: string): Buffer {
  const a = bare(address);
  const groups = expandIpv6(net.isIPv4(a) ? `::ffff:${a}` : a);
  return groups ? Buffer.from(groups.replace(/:/g, ''), 'hex') : Buffer.alloc(16);
}

/** The Internet checksum (RFC 1071): ones' complement of the ones' complement sum, odd byte padded. */
function checksum(bytes: Buffer): number {
  let sum = 0;
  for (let i = 0; i + 1 < bytes.length; i += 2) sum += bytes.readUInt16BE(i);
  if (bytes.length % 2 === 1) sum += bytes[bytes.length - 1] << 8;
  while (sum > 0xffff) sum = (sum % 0x10000) + Math.floor(sum / 0x10000);
  return ~sum & 0xffff;
}
