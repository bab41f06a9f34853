import type { PresentedCertificate, RecordedMessage, TlsConnectionInfo } from '../sip/recorded-message';
import { endpointText, handshakeFailure, handshakeHeading, transportText } from './wire-labels';

/**
 * The SIP trace as a reviewer reads it: every message in wire order with its time offset,
 * transport, endpoints and size, then its text. A message that did not parse is shown with the
 * reason and a hex dump, so the exact bytes stay in the evidence. Over TLS the header names the
 * version and the connection, and the connection's first message says what was negotiated; a
 * TLS handshake that failed is shown as that, with its reason and what the client sent, never as SIP.
 * A stray message (of no dialog or transaction of the scenario) says so, and why, above its text.
 */
export function traceText(trace: readonly RecordedMessage[]): string {
  if (trace.length === 0) return 'No message crossed the wire.\n';
  const t0 = trace[0].at;
  const described = new Set<number>();
  return trace
    .map((m) => {
      // The connection is described once, at its first message.
      const first = m.tls !== undefined && !described.has(m.tls.connection);
      if (m.tls) described.add(m.tls.connection);
      return messageText(m, t0, first);
    })
    .join('\n');
}

function messageText(m: RecordedMessage, t0: number, firstOfConnection: boolean): string {
  const who = m.direction === 'from-client' ? 'client -> test bed' : 'test bed -> client';
  const over = m.tls ? `, TLS connection ${m.tls.connection}` : '';
  const head =
    `#${m.seq}  +${((m.at - t0) / 1000).toFixed(3)} s  ${transportText(m)}  ` +
    `${endpointText(m.source)} -> ${endpointText(m.destination)}  (${who}, ${m.bytes.length} bytes${over})`;
  if (m.protocol === 'tls-handshake') {
    const sent = m.bytes.length === 0 ? '(nothing)' : hexDump(m.bytes);
    return `${head}\n${handshakeHeading(m)} (not SIP, not judged as the client's SIP): ${handshakeFailure(m)}\nWhat the client sent on the connection:\n${sent}\n`;
  }
  const connection = `${m.tls && firstOfConnection ? `${connectionText(m.tls)}\n` : ''}${m.stray !== undefined ? `STRAY (of no dialog or transaction of this scenario, not judged): ${m.stray}\n` : ''}`;
  if (m.protocol === 'keep-alive') return `${head}\n${connection}KEEP-ALIVE (not judged):\n${hexDump(m.bytes)}\n`;
  if (m.parseError !== undefined) {
    return `${head}\n${connection}UNPARSABLE: ${m.parseError}\n${hexDump(m.bytes)}\n`;
  }
  const text = `${head}\n${connection}${m.bytes.toString('utf8').replace(/\r\n/g, '\n')}\n`;
  // What a wrong Content-Length left in the stream after this message, before the next one.
  return m.strayAfter ? `${text}STRAY BYTES after #${m.seq} (${m.strayAfter.length}, not part of any message):\n${hexDump(m.strayAfter)}\n` : text;
}

/** What the connection's handshake settled, and the plaintext shown being what TLS carried. */
function connectionText(tls: TlsConnectionInfo): string {
  const cert = tls.clientCertificate ? certificateText(tls.clientCertificate) : 'the client presented no certificate';
  return `[TLS connection ${tls.connection}: ${tls.version}, ${tls.cipher}; ${cert}. Shown below: the plaintext it carried; the pcap holds its records.]`;
}

function certificateText(c: PresentedCertificate): string {
  const trust = c.trusted ? 'trusted' : `NOT trusted: ${c.trustError ?? 'no reason recorded'}`;
  const names = c.subjectAltName ? `, subjectAltName ${c.subjectAltName}` : '';
  return `client certificate ${c.subject} issued by ${c.issuer}${names}, valid ${c.validFrom} to ${c.validTo}, SHA-256 ${c.fingerprint256} (${trust})`;
}

/** Classic 16-bytes-a-line dump: offset, hex, printable ASCII. */
export function hexDump(bytes: Buffer, limit = 64 * 1024): string {
  const lines: string[] = [];
  const shown = bytes.subarray(0, limit);
  for (let off = 0; off < shown.length; off += 16) {
    const row = shown.subarray(off, off + 16);
    const hex = [...row].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = [...row].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${off.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  ${ascii}`);
  }
  if (bytes.length > limit) lines.push(`... ${bytes.length - limit} more bytes not shown here`);
  return lines.join('\n');
}
