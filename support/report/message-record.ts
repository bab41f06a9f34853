import type { RecordedMessage, Transport } from '../sip/recorded-message';
import { endpointText, handshakeFailure, handshakeHeading, transportText } from './wire-labels';

/**
 * One message of a scenario as messages.json and summary.json list it: what crossed, over which
 * transport and, over TLS, which connection and version carried it. Its bytes are the trace's
 * (sip-trace.txt, the pcap), except for a failed TLS handshake, whose bytes are too few to leave out.
 */
export interface MessageRecord {
  seq: number;
  direction: RecordedMessage['direction'];
  transport: Transport;
  /** "UDP", "TCP", "TLS 1.3": the transport as sip-trace.txt and the ladder name it. */
  carriedOver: string;
  protocol: 'sip' | 'msrp' | 'keep-alive' | 'tls-handshake';
  /** "host:port", an IPv6 host bracketed ("[::1]:5060"). */
  source: string;
  destination: string;
  /** The start line; "UNPARSABLE: …" or "TLS HANDSHAKE FAILED: …" when there is none to give. */
  firstLine: string;
  bytes: number;
  /** Over TLS: the connection's number in the scenario, and what its handshake settled. */
  tls?: { connection: number; version: string; cipher: string; clientCertificate?: { subject: string; trusted: boolean; trustError?: string } };
  /** A failed TLS handshake: the TLS layer's reason, and what the client sent, hex (at most 4 KiB). */
  tlsError?: string;
  sentHex?: string;
  /** A handshake the scenario's end cut short (the test bed closed the connection), not the client's failure. */
  tlsUnfinished?: true;
  /** A stray message: why it belongs to no dialog or transaction of the scenario (never judged). */
  stray?: string;
}

/** messages.json: every message of a scenario, attached at its end, read by the summary formatter. */
export const MESSAGES_FILE_NAME = 'messages.json';

const SENT_HEX_LIMIT = 4096;

export function messageRecords(trace: readonly RecordedMessage[]): MessageRecord[] {
  return trace.map((m) => {
    const record: MessageRecord = {
      seq: m.seq,
      direction: m.direction,
      transport: m.transport,
      carriedOver: transportText(m),
      protocol: m.protocol ?? 'sip',
      source: endpointText(m.source),
      destination: endpointText(m.destination),
      firstLine: firstLine(m),
      bytes: m.bytes.length,
    };
    if (m.tls) {
      const c = m.tls.clientCertificate;
      record.tls = {
        connection: m.tls.connection,
        version: m.tls.version,
        cipher: m.tls.cipher,
        ...(c ? { clientCertificate: { subject: c.subject, trusted: c.trusted, ...(c.trustError !== undefined ? { trustError: c.trustError } : {}) } } : {}),
      };
    }
    if (m.protocol === 'tls-handshake') {
      record.tlsError = m.tlsError ?? 'no reason recorded';
      record.sentHex = m.bytes.subarray(0, SENT_HEX_LIMIT).toString('hex');
      if (m.tlsUnfinished) record.tlsUnfinished = true;
    }
    if (m.stray !== undefined) record.stray = m.stray;
    return record;
  });
}

function firstLine(m: RecordedMessage): string {
  if (m.protocol === 'tls-handshake') return `${handshakeHeading(m)}: ${handshakeFailure(m)}`;
  if (m.sip) return m.sip.startLine;
  if (m.protocol === 'keep-alive') return 'keep-alive';
  const line = m.bytes.toString('latin1').split(/\r?\n/)[0];
  return m.parseError !== undefined ? `UNPARSABLE: ${line.slice(0, 200)}` : line.slice(0, 200);
}
