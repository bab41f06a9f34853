import type { Endpoint, RecordedMessage } from '../sip/recorded-message';
import { hostPort } from '../sip/sip-uri';

/**
 * How the evidence names the wire a message crossed, the same in sip-trace.txt, the ladder and
 * messages.json: its endpoints, its transport ("UDP", "TCP", "TLS 1.3") and what it is when it is
 * not SIP. A failed TLS handshake is never shown as SIP, whatever bytes the client sent.
 */

/** "host:port"; an IPv6 host in brackets, as in a URI ("[::1]:5060", RFC 3986 3.2.2, RFC 5952 6). */
export function endpointText(e: Endpoint): string {
  return hostPort(e.host, e.port);
}

/** Node's name of a TLS version as a reader writes it: "TLSv1.3" is "TLS 1.3". */
export function tlsVersionText(version: string): string {
  const m = /^TLSv(\d+(?:\.\d+)?)$/.exec(version);
  return m ? `TLS ${m[1]}` : version;
}

/** "UDP", "TCP", "TLS 1.3" (the version the connection negotiated), or "TLS" before any was. */
export function transportText(m: RecordedMessage): string {
  if (m.transport !== 'tls') return m.transport.toUpperCase();
  return m.tls ? tlsVersionText(m.tls.version) : 'TLS';
}

/** The reason of a failed TLS handshake without the "TLS handshake failed: " the TLS layer's text may start with. */
/** What a 'tls-handshake' record was: the client's failed handshake, or one the scenario's end cut short. */
export function handshakeHeading(m: RecordedMessage): string {
  return m.tlsUnfinished ? 'TLS HANDSHAKE UNFINISHED (the scenario ended first; not the client\'s failure)' : 'FAILED TLS HANDSHAKE';
}

export function handshakeFailure(m: RecordedMessage): string {
  return (m.tlsError ?? 'no reason recorded').replace(/^TLS handshake failed:\s*/i, '');
}
