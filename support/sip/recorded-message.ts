import type { SipMessage } from './sip-message';

/** How a message crossed: over TLS the recorded bytes are the plaintext the TLS layer carried. */
export type Transport = 'udp' | 'tcp' | 'tls';

/** The IP version of a scenario's addresses (ics.ipVersions). */
export type IpVersion = '4' | '6';

/** What the test bed learnt of a TLS connection once its handshake was done. */
export interface TlsConnectionInfo {
  /** The connection's number in the scenario (its wire chunks carry the same). */
  connection: number;
  /** Negotiated protocol version and cipher, as Node names them (e.g. TLSv1.3, TLS_AES_256_GCM_SHA384). */
  version: string;
  cipher: string;
  /** The certificate the client presented (mutual TLS), when it presented one. */
  clientCertificate?: PresentedCertificate;
}

export interface PresentedCertificate {
  subject: string;
  issuer: string;
  /** RFC 5280 validity, ISO 8601. */
  validFrom: string;
  validTo: string;
  /** subjectAltName as Node prints it, e.g. "IP Address:127.0.0.2, URI:sip:alice@example.invalid". */
  subjectAltName?: string;
  fingerprint256: string;
  /** Whether it chains to a CA the test bed trusts (the run's CA, or the lab's). */
  trusted: boolean;
  /** Why it does not, as the TLS layer says. */
  trustError?: string;
  /** The certificate itself, DER, for the evidence. */
  der: Buffer;
}

/**
 * The bytes of a TLS connection as they crossed the socket (records, ciphertext), in order: what
 * the pcap holds for TLS, beside the key log that lets Wireshark decrypt them.
 */
export interface TlsWireChunk {
  connection: number;
  at: number;
  direction: 'from-client' | 'to-client';
  source: Endpoint;
  destination: Endpoint;
  bytes: Buffer;
}

export interface Endpoint {
  host: string;
  port: number;
}

/**
 * One message as it crossed the wire, recorded at the socket before any parsing, so that a
 * message nobody can parse is still evidence.
 */
export interface RecordedMessage {
  /** Order in the scenario's trace, from 1. */
  seq: number;
  /** Wall-clock time of the socket event, ms since the epoch. */
  at: number;
  /** from-client: the test bed received it; to-client: the test bed sent it. */
  direction: 'from-client' | 'to-client';
  transport: Transport;
  /**
   * 'msrp' for the MSRP session's bytes (RFC 4975); 'keep-alive' for a UDP datagram of CR/LF only or a
   * STUN message (RFC 5626 3.5.1, 4.4.2); 'tls-handshake' for a TLS connection whose handshake
   * failed (bytes: what the client sent on it; `tlsError` says why); SIP when absent. None of them
   * is SIP-parsed or judged as the client's SIP.
   */
  protocol?: 'msrp' | 'keep-alive' | 'tls-handshake';
  source: Endpoint;
  destination: Endpoint;
  bytes: Buffer;
  /** The parsed message; absent when the bytes do not parse. */
  sip?: SipMessage;
  /** Why the bytes do not parse, when they do not. */
  parseError?: string;
  /** Over a stream: why the framer could not cut a SIP message here (then the bytes are not parsed, and parseError says the same). */
  frameError?: string;
  /**
   * Over TCP: bytes that came after this message and before the next start line, which a
   * Content-Length shorter than the body leaves in the stream (RFC 3261 18.3). Evidence only.
   */
  strayAfter?: Buffer;
  /**
   * From the client: why it belongs to no dialog or transaction the test bed took part in in this
   * scenario (support/im-server/scenario-dialogs.ts). Recorded and shown, never judged.
   */
  stray?: string;
  /** Over TLS: the connection it came over (its version, cipher, the client's certificate). */
  tls?: TlsConnectionInfo;
  /** protocol 'tls-handshake': the TLS alert or error, as the TLS layer reported it. */
  tlsError?: string;
  /** protocol 'tls-handshake': the handshake was still under way when the test bed ended the scenario (not the client's failure). */
  tlsUnfinished?: true;
}
