import { hostPort } from '../sip/sip-uri';

/**
 * The IM Server's SDP answer to the offer that was made (RFC 3264 section 6): one m-line per
 * offered m-line, in the same order, with the same media type and transport. The first MSRP
 * stream (`m=message … TCP/MSRP` or `TCP/TLS/MSRP`, port not 0) is accepted; every other stream
 * is refused with port 0 (RFC 3264 6). An offer without an MSRP stream gets every stream
 * refused, which is still an answer, so the 200 OK and what follows it stay judgeable.
 *
 * Who opens the MSRP connection follows `a=setup` (RFC 6135, after RFC 4145): an offer that
 * says `passive` gets `active` and the IM Server connects to the offer's `a=path`; `active`,
 * `actpass` or no `a=setup` (RFC 4975: the offerer connects) get `passive`.
 *
 * A `TCP/TLS/MSRP` stream is answered with the IM Server's `msrps:` URI on the port that speaks
 * MSRP over TLS (RFC 4975 14.1); without one it is refused, never answered with a port that does
 * not speak TLS. An IPv6 host gives `IN IP6` lines and a bracketed path host (RFC 4566 5.7, RFC 4975 9).
 */

export interface OfferedStream {
  media: string;
  port: number;
  proto: string;
  formats: string[];
  setup?: string;
  path?: string;
}

export interface SdpAnswer {
  sdp: string;
  /** The accepted MSRP stream, when there is one. */
  msrp?: { index: number; setup: 'active' | 'passive'; offeredPath?: string; ownPath: string; tls: boolean };
}

const MSRP_PROTOS = new Set(['TCP/MSRP', 'TCP/TLS/MSRP']);

/** The m-lines of an offer, each with the attributes under it. Lines it cannot read are skipped. */
export function offeredStreams(offer: string): OfferedStream[] {
  const streams: OfferedStream[] = [];
  let sessionSetup: string | undefined;
  for (const line of offer.split(/\r?\n/)) {
    if (line.startsWith('m=')) {
      // Every m-line is a stream of the answer; one that cannot be read is refused (port 0) as it is.
      const m = /^m=(\S+) (\d+)(?:\/\d+)? (\S+)(?: (.*))?$/.exec(line);
      const parts = line.slice(2).split(/\s+/);
      streams.push(
        m
          ? { media: m[1], port: Number(m[2]), proto: m[3], formats: (m[4] ?? '').trim().split(/\s+/).filter(Boolean), setup: sessionSetup }
          : { media: parts[0] || 'application', port: 0, proto: parts[2] ?? 'RTP/AVP', formats: parts.slice(3), setup: sessionSetup },
      );
      continue;
    }
    const setup = /^a=setup:\s*(\S+)/.exec(line)?.[1];
    const path = /^a=path:\s*(.*)$/.exec(line)?.[1]?.trim();
    const current = streams[streams.length - 1];
    if (setup !== undefined) {
      if (current) current.setup = setup;
      else sessionSetup = setup;
    }
    if (path !== undefined && current) current.path = path;
  }
  return streams;
}

export interface AnswerOptions {
  /** The IM Server's MSRP address: the o= and c= lines and the a=path host. */
  host: string;
  /** The port of MSRP over TCP (TCP/MSRP, msrp:). */
  msrpPort: number;
  /** The port of MSRP over TLS (TCP/TLS/MSRP, msrps:), when the test bed has TLS. */
  msrpTlsPort?: number;
  /** a=fingerprint values of the MSRP-over-TLS certificates, so a client can bind the TLS session to the SDP (RFC 4975 14.2). */
  msrpTlsFingerprints?: string[];
  /** The session-id of the IM Server's MSRP URI. */
  sessionId: string;
  /** The o= line's sess-id and sess-version (now, by default). */
  version?: number;
}

export function answerOffer(offer: string, o: AnswerOptions): SdpAnswer {
  const ip = o.host.includes(':') ? 'IP6' : 'IP4';
  const lines = ['v=0', `o=im-server ${o.version ?? Date.now()} 1 IN ${ip} ${o.host}`, 's=-', `c=IN ${ip} ${o.host}`, 't=0 0'];
  let msrp: SdpAnswer['msrp'];
  offeredStreams(offer).forEach((stream, index) => {
    const tls = stream.proto === 'TCP/TLS/MSRP';
    const port = tls ? o.msrpTlsPort : o.msrpPort;
    const acceptable = !msrp && stream.media === 'message' && MSRP_PROTOS.has(stream.proto) && stream.port !== 0;
    if (!acceptable || port === undefined) {
      // Refused: port 0, the offered transport and formats (RFC 3264 6: at least one format).
      lines.push(`m=${stream.media} 0 ${stream.proto} ${stream.formats.length > 0 ? stream.formats.join(' ') : '*'}`);
      return;
    }
    const setup = stream.setup?.toLowerCase() === 'passive' ? 'active' : 'passive';
    const ownPath = `${tls ? 'msrps' : 'msrp'}://${hostPort(o.host, port)}/${o.sessionId};tcp`;
    msrp = { index, setup, offeredPath: stream.path, ownPath, tls };
    lines.push(`m=message ${port} ${stream.proto} *`, 'a=accept-types:message/cpim text/plain', `a=path:${ownPath}`, `a=setup:${setup}`);
    if (tls) lines.push(...(o.msrpTlsFingerprints ?? []).map((f) => `a=fingerprint:${f}`));
  });
  return { sdp: [...lines, ''].join('\r\n'), ...(msrp ? { msrp } : {}) };
}
