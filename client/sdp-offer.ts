import * as net from 'node:net';

/**
 * The SDP offer of a rejoin: one MSRP media stream over TCP, or over TLS when SIP is.
 * RFC 4566 (line order v o s c t m a), RFC 3264 (an offer), RFC 4975 (m=message TCP/MSRP *,
 * a=path with our own msrp: URI, a=accept-types mandatory in an offer; 14.1: TCP/TLS/MSRP with
 * an msrps: URI; 14.2: a self-signed certificate's fingerprint), RFC 6135 (a=setup),
 * RFC 4572 5 (a=fingerprint).
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
  /** Who opens the MSRP connection (RFC 6135): we do (active, the default), or the IM Server (passive). */
  setup?: 'active' | 'passive';
  /**
   * MSRP over TLS (RFC 4975 14.1): TCP/TLS/MSRP and an msrps: path; `fingerprint`, the SHA-256
   * of a self-signed certificate (hex pairs and colons), goes in a=fingerprint (RFC 4975 14.2).
   */
  tls?: { fingerprint?: string };
}

export const DEFAULT_ACCEPT_TYPES: readonly string[] = ['message/cpim', 'text/plain'];

/** Our MSRP URI (RFC 4975 section 9): msrp://host:port/session-id;tcp, or msrps: over TLS. */
export function msrpPathUri(host: string, port: number, sessionId: string, secure = false): string {
  return `${secure ? 'msrps' : 'msrp'}://${net.isIPv6(host) ? `[${host}]` : host}:${port}/${sessionId};tcp`;
}

/** The offer, lines ended by CRLF (RFC 4566 section 5). */
export function buildSdpOffer(p: SdpOfferParams): string {
  if (!Number.isInteger(p.msrpPort) || p.msrpPort < 1 || p.msrpPort > 65535) throw new RangeError(`MSRP port must be 1..65535 (got ${p.msrpPort})`);
  if (!/^\d+$/.test(p.sessionId) || !/^\d+$/.test(p.sessionVersion)) throw new RangeError('o= sess-id and sess-version must be digits');
  if (!/^[A-Za-z0-9\-._~+=/]+$/.test(p.msrpSessionId)) throw new RangeError(`bad MSRP session-id "${p.msrpSessionId}"`);
  const fingerprint = p.tls?.fingerprint;
  if (fingerprint !== undefined && !/^[0-9A-F]{2}(:[0-9A-F]{2}){31}$/.test(fingerprint)) throw new RangeError(`a SHA-256 fingerprint is 32 upper-case hex pairs joined by colons (got "${fingerprint}")`);
  const ipVersion = net.isIPv6(p.host) ? 'IP6' : 'IP4';
  const secure = p.tls !== undefined;
  const lines = [
    'v=0',
    `o=- ${p.sessionId} ${p.sessionVersion} IN ${ipVersion} ${p.host}`,
    's=-',
    `c=IN ${ipVersion} ${p.host}`,
    't=0 0',
    `m=message ${p.msrpPort} ${secure ? 'TCP/TLS/MSRP' : 'TCP/MSRP'} *`,
    `a=accept-types:${(p.acceptTypes ?? DEFAULT_ACCEPT_TYPES).join(' ')}`,
    `a=path:${msrpPathUri(p.host, p.msrpPort, p.msrpSessionId, secure)}`,
    `a=setup:${p.setup ?? 'active'}`,
    ...(fingerprint !== undefined ? [`a=fingerprint:SHA-256 ${fingerprint}`] : []),
  ];
  return lines.map((l) => l + '\r\n').join('');
}
