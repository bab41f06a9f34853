import * as net from 'node:net';

/**
 * The SDP offer of a rejoin: one MSRP media stream over TCP.
 * RFC 4566 (line order v o s c t m a), RFC 3264 (an offer), RFC 4975 (m=message TCP/MSRP *,
 * a=path with our own msrp: URI, a=accept-types mandatory in an offer), RFC 6135 (a=setup).
 */
export interface SdpOfferParams {
  /** The address of the MSRP endpoint: the c= line, the o= line and the a=path host. */
  host: string;
  /** The TCP port in the m= line and the a=path URI; not 0. */
  msrpPort: number;
  /** The session-id of the MSRP URI (RFC 4975 9: unreserved / "+" / "=" / "/"). */
  msrpSessionId: string;
  /** The o= line's sess-id and sess-version: digits (RFC 4566 5.2). */
  sessionId: string;
  sessionVersion: string;
  /** The media types we accept (a=accept-types). */
  acceptTypes?: readonly string[];
}

export const DEFAULT_ACCEPT_TYPES: readonly string[] = ['message/cpim', 'text/plain'];

/** Our MSRP URI (RFC 4975 section 9): msrp://host:port/session-id;tcp */
export function msrpPathUri(host: string, port: number, sessionId: string): string {
  return `msrp://${net.isIPv6(host) ? `[${host}]` : host}:${port}/${sessionId};tcp`;
}

/** The offer, lines ended by CRLF (RFC 4566 section 5). */
export function buildSdpOffer(p: SdpOfferParams): string {
  if (!Number.isInteger(p.msrpPort) || p.msrpPort < 1 || p.msrpPort > 65535) throw new RangeError(`MSRP port must be 1..65535 (got ${p.msrpPort})`);
  if (!/^\d+$/.test(p.sessionId) || !/^\d+$/.test(p.sessionVersion)) throw new RangeError('o= sess-id and sess-version must be digits');
  if (!/^[A-Za-z0-9\-._~+=/]+$/.test(p.msrpSessionId)) throw new RangeError(`bad MSRP session-id "${p.msrpSessionId}"`);
  const ipVersion = net.isIPv6(p.host) ? 'IP6' : 'IP4';
  const lines = [
    'v=0',
    `o=- ${p.sessionId} ${p.sessionVersion} IN ${ipVersion} ${p.host}`,
    's=-',
    `c=IN ${ipVersion} ${p.host}`,
    't=0 0',
    `m=message ${p.msrpPort} TCP/MSRP *`,
    `a=accept-types:${(p.acceptTypes ?? DEFAULT_ACCEPT_TYPES).join(' ')}`,
    `a=path:${msrpPathUri(p.host, p.msrpPort, p.msrpSessionId)}`,
    'a=setup:active',
  ];
  return lines.map((l) => l + '\r\n').join('');
}
