import type { SipMessage } from './sip-message';

export type Transport = 'udp' | 'tcp';

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
   * STUN message (RFC 5626 3.5.1, 4.4.2); SIP when absent. Neither is SIP-parsed or judged.
   */
  protocol?: 'msrp' | 'keep-alive';
  source: Endpoint;
  destination: Endpoint;
  bytes: Buffer;
  /** The parsed message; absent when the bytes do not parse. */
  sip?: SipMessage;
  /** Why the bytes do not parse, when they do not. */
  parseError?: string;
  /**
   * Over TCP: bytes that came after this message and before the next start line, which a
   * Content-Length shorter than the body leaves in the stream (RFC 3261 18.3). Evidence only.
   */
  strayAfter?: Buffer;
}
