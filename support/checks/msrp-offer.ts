import { isIPv4, isIPv6 } from 'node:net';
import * as sdpTransform from 'sdp-transform';
import type { RecordedMessage } from '../sip/recorded-message';
import { findHeaders } from '../sip/sip-parser';
import type { Finding } from '../verdict';
import { bodyLineNumber, fail, headerLine, inconclusive, pass, unparsable, unreadableHeader, type FindingDetail } from './finding';

const RJ03 = 'RJ-03';

/**
 * RJ-03: "the IM Client SHALL include an SDP offer in a MIME body" for an MSRP session
 * (RFC 3264, RFC 4566, RFC 4975). One finding per rule; a failing one names the body line.
 *
 * Left out on purpose: whether the a=path host and port match c= and the m= port. RFC 4975
 * makes the path URI the session's address and leaves c= and m= informative, and this suite did
 * not have a sentence that makes a mismatch a violation.
 */
export const SDP_OFFER_CHECKS = [
  'sdp-content-type',
  'sdp-session-lines',
  'sdp-timing',
  'msrp-media',
  'msrp-path',
  'msrp-accept-types',
  'msrp-connection-address',
] as const;

/**
 * Over TLS only (an INVITE that came over TLS; over UDP or TCP no finding): msrp-tls-over-tls,
 * the offer asks for MSRP over TLS (m=message … TCP/TLS/MSRP, whose msrps: path msrp-path checks).
 *
 * Uncertain, so waivable (the catalogue says so): the clause asks for an offer "according to the
 * MSRP specification", and RFC 4975 section 14 (Security Considerations) makes TLS mandatory to
 * implement and the way to protect the session (the msrps: scheme, TCP/TLS/MSRP; the session-id
 * of the path URI is what lets a peer in, so it should travel only over protected signalling)
 * without saying, as far as this suite read it, that an offer carried over TLS MUST ask for
 * TLS. A TCP/MSRP offer inside a TLS-protected SIP session puts the messages in the clear after
 * signalling that was kept secret: the suite reports it, apart from the sure rules.
 */
export const TLS_OFFER_CHECKS = ['msrp-tls-over-tls'] as const;

// RFC 4566 section 5: the order of the session-level lines; media sections follow.
const SESSION_ORDER = 'vosiuepcbtrzka';
const MEDIA_ORDER = 'micbka';

interface Line {
  index: number;
  text: string;
  type: string;
  value: string;
}

interface MsrpMedia {
  m: Line;
  lines: Line[];
  port: number;
  proto: string;
}

/** RJ-03's sub-checks against the INVITE's body; over TLS (the INVITE's transport) TLS_OFFER_CHECKS too. */
export function checkMsrpOffer(invite: RecordedMessage): Finding[] {
  const overTls = invite.transport === 'tls';
  const names = [...SDP_OFFER_CHECKS, ...(overTls ? TLS_OFFER_CHECKS : [])];
  if (!invite.sip) return names.map((c) => unparsable(RJ03, c, invite, 'the SDP offer', 'RJ-01'));
  const sip = invite.sip;
  const seq = invite.seq;
  const at = (line: Line, expected: string): FindingDetail => ({ expected, seen: line.text, line: { number: bodyLineNumber(invite, line.index), text: line.text }, messageSeq: seq });

  const contentType = findHeaders(sip, 'Content-Type')[0];
  const isSdp = contentType !== undefined && /^application\/sdp\s*(;|$)/i.test(contentType.value);
  const unreadable = contentType ? undefined : unreadableHeader(RJ03, 'sdp-content-type', sip, seq, 'Content-Type', 'RJ-01');
  const findings: Finding[] = [
    unreadable ??
      (isSdp
      ? pass(RJ03, 'sdp-content-type', 'the body is application/sdp', { expected: 'Content-Type: application/sdp', seen: contentType.value, line: headerLine(contentType), messageSeq: seq })
      : fail(RJ03, 'sdp-content-type', contentType ? `the body is ${contentType.value}, not application/sdp` : `the INVITE has no Content-Type${sip.body.length === 0 ? ' and no body' : ''}: there is no SDP offer`, {
          expected: 'Content-Type: application/sdp with an SDP offer',
          seen: contentType?.value ?? 'no Content-Type',
          line: contentType ? headerLine(contentType) : { number: 1, text: sip.startLine },
          messageSeq: seq,
        })),
  ];
  const text = sip.body.toString('utf8');
  const lines: Line[] = text
    .split(/\r?\n/)
    .map((t, index) => ({ index, text: t, type: t.charAt(0), value: t.slice(2) }))
    .filter((l) => l.text !== '');
  const rest = names.slice(1);
  if (lines.length === 0) {
    // One defect, one FAIL: without a Content-Type that one fails, else the empty SDP does; the
    // rules of an SDP that is not there cannot be judged.
    const owner = findings[0].verdict === 'FAIL' ? 'sdp-content-type' : 'sdp-session-lines';
    const empty = { expected: 'an SDP offer for an MSRP session', seen: 'an empty body', messageSeq: seq };
    if (owner === 'sdp-session-lines') findings.push(fail(RJ03, 'sdp-session-lines', 'the INVITE\'s application/sdp body is empty: there is no SDP offer', empty));
    return [...findings, ...rest.filter((c) => c !== owner).map((c) => inconclusive(RJ03, c, `there is no SDP body to judge it on (${owner} FAILs that)`, empty))];
  }

  const malformed = lines.find((l) => !/^[a-z]=/.test(l.text));
  const firstMedia = lines.findIndex((l) => l.type === 'm');
  const session = firstMedia < 0 ? lines : lines.slice(0, firstMedia);
  const outOfOrder = malformed ?? firstOutOfOrder(session, SESSION_ORDER) ?? mediaSections(lines).map((s) => firstOutOfOrder(s, MEDIA_ORDER)).find((l) => l);
  const missing = ['v', 'o', 's', 't'].filter((t) => !session.some((l) => l.type === t));
  if (lines[0].text !== 'v=0') {
    findings.push(fail(RJ03, 'sdp-session-lines', `the SDP does not start with v=0 (RFC 4566 5.1)`, at(lines[0], 'v=0 first')));
  } else if (malformed) {
    findings.push(fail(RJ03, 'sdp-session-lines', `the SDP line "${malformed.text}" is not <type>=<value> (RFC 4566 5)`, at(malformed, '<type>=<value>')));
  } else if (missing.length > 0) {
    findings.push(fail(RJ03, 'sdp-session-lines', `the SDP session lacks ${missing.map((t) => `${t}=`).join(', ')} (RFC 4566 5: v, o, s and t are mandatory)`, { expected: 'v=, o=, s= and t= lines', seen: `no ${missing.join(', ')}`, messageSeq: seq }));
  } else if (outOfOrder) {
    findings.push(fail(RJ03, 'sdp-session-lines', `the SDP line "${outOfOrder.text}" is out of the order RFC 4566 section 5 gives (v o s i u e p c b t r z k a, then m i c b k a)`, at(outOfOrder, 'lines in RFC 4566 order')));
  } else {
    findings.push(pass(RJ03, 'sdp-session-lines', 'the SDP has v, o, s and t in the RFC 4566 order', { expected: 'v, o, s, t in RFC 4566 order', seen: session.map((l) => l.type).join(' '), messageSeq: seq }));
  }

  const t = session.find((l) => l.type === 't');
  if (!t) findings.push(fail(RJ03, 'sdp-timing', 'the SDP has no t= line (RFC 4566 5.9)', { expected: 't=0 0', seen: 'no t= line', messageSeq: seq }));
  else if (!/^\d+ \d+$/.test(t.value)) findings.push(fail(RJ03, 'sdp-timing', `the t= line "${t.text}" is not two times (RFC 4566 5.9)`, at(t, 't=0 0')));
  else findings.push(pass(RJ03, 'sdp-timing', t.value === '0 0' ? 'the session is unbounded (t=0 0)' : `the t= line is ${t.value} (t=0 0 is usual for a session like this)`, at(t, 't=0 0')));

  const media = msrpMedia(lines);
  const usable = media.find((m) => m.port !== 0);
  if (!usable) {
    const first = media[0]?.m ?? lines.find((l) => l.type === 'm');
    const why = media[0] ? 'its port is 0, which rejects the stream (RFC 3264 5.1)' : first ? `the media offered is "${first.text}"` : 'the SDP has no m= line';
    const detail: FindingDetail = first ? at(first, 'm=message <port> TCP/MSRP *') : { expected: 'm=message <port> TCP/MSRP *', seen: 'no m= line', messageSeq: seq };
    findings.push(fail(RJ03, 'msrp-media', `the SDP offers no MSRP session: ${why}`, detail));
    // The MSRP rules have no MSRP media to read: msrp-media FAILs the one defect.
    const needMedia = ['msrp-path', 'msrp-accept-types', 'msrp-connection-address', ...(overTls ? TLS_OFFER_CHECKS : [])];
    return [...findings, ...needMedia.map((c) => inconclusive(RJ03, c, 'there is no usable MSRP media line to judge it on (msrp-media FAILs that)', { ...detail }))];
  }
  findings.push(pass(RJ03, 'msrp-media', `the SDP offers an MSRP session: ${usable.m.text}`, at(usable.m, 'm=message <port> TCP/MSRP *')));
  findings.push(checkPath(usable, at));
  const accept = usable.lines.find((l) => l.text.startsWith('a=accept-types:'));
  findings.push(
    accept && accept.text.slice('a=accept-types:'.length).trim().length > 0
      ? pass(RJ03, 'msrp-accept-types', `the offer accepts ${accept.text.slice('a=accept-types:'.length).trim()}`, at(accept, 'a=accept-types:<media types>'))
      : fail(RJ03, 'msrp-accept-types', 'the MSRP media has no a=accept-types, which RFC 4975 8.6 makes mandatory in an offer', at(accept ?? usable.m, 'a=accept-types:<media types>')),
  );
  const c = usable.lines.find((l) => l.type === 'c') ?? session.find((l) => l.type === 'c');
  const cProblem = c ? connectionProblem(c.value) : undefined;
  findings.push(
    c && !cProblem
      ? pass(RJ03, 'msrp-connection-address', `the MSRP media has the connection address ${c.value}`, at(c, 'c=IN IP4|IP6 <address>'))
      : fail(RJ03, 'msrp-connection-address', c ? `the c= line "${c.text}" ${cProblem}` : 'neither the session nor the MSRP media has a c= line (RFC 4566 5.7)', at(c ?? usable.m, 'c=IN IP4|IP6 <address>')),
  );
  if (overTls) {
    const expected = 'm=message <port> TCP/TLS/MSRP * with an msrps: path, inside a SIP session over TLS (RFC 4975 14)';
    findings.push(
      usable.proto === 'TCP/TLS/MSRP'
        ? pass(RJ03, 'msrp-tls-over-tls', `the offer, sent over TLS, asks for MSRP over TLS: ${usable.m.text}`, at(usable.m, expected))
        : fail(RJ03, 'msrp-tls-over-tls', `the INVITE came over TLS, but its offer asks for MSRP in the clear (${usable.proto}, not TCP/TLS/MSRP): the messages would not have the protection the signalling had (RFC 4975 14; uncertain: waivable)`, at(usable.m, expected)),
    );
  }
  // sdp-transform is the second opinion: a body it cannot read at all is reported too.
  try {
    sdpTransform.parse(text);
  } catch (e) {
    findings.push(fail(RJ03, 'sdp-session-lines', `sdp-transform cannot read the SDP: ${(e as Error).message}`, { messageSeq: seq }));
  }
  return findings;
}

function checkPath(media: MsrpMedia, at: (l: Line, expected: string) => FindingDetail): Finding {
  const expected = `a=path whose last URI is the client's own ${media.proto === 'TCP/TLS/MSRP' ? 'msrps' : 'msrp'}://host:port/session;tcp`;
  const path = media.lines.find((l) => l.text.startsWith('a=path:'));
  if (!path) return fail(RJ03, 'msrp-path', 'the MSRP media has no a=path (RFC 4975 8.1)', at(media.m, expected));
  const uris = path.text.slice('a=path:'.length).trim().split(/\s+/);
  const own = uris[uris.length - 1];
  // RFC 4975 9: authority as in RFC 3986 3.2, so an IPv6 host is an IP-literal in brackets.
  // Schemes are case-insensitive (RFC 3986 3.1), as MSRP URIs are compared (RFC 4975 9).
  const match = /^(msrps?):\/\/(?:[^@/]+@)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})\/[^;\s]+;([A-Za-z0-9]+)/i.exec(own);
  if (!match) {
    const authority = /^msrps?:\/\/(?:[^@/]+@)?([^/]*)/i.exec(own)?.[1] ?? '';
    const host = authority.replace(/:\d{1,5}$/, '');
    const why = !authority.startsWith('[') && (isIPv6(authority) || isIPv6(host)) ? `: its IPv6 host ${host} must be in brackets, [${host}] (RFC 4975 9, RFC 3986 3.2.2)` : '';
    return fail(RJ03, 'msrp-path', `"${own}" is not an MSRP URI with host, port, session id and transport (RFC 4975 9)${why}`, at(path, expected));
  }
  if (match[2].startsWith('[') && !isIPv6(match[2].slice(1, -1))) return fail(RJ03, 'msrp-path', `the path URI's host ${match[2]} is no IPv6 address (RFC 3986 3.2.2)`, at(path, expected));
  const tls = media.proto === 'TCP/TLS/MSRP';
  if ((match[1].toLowerCase() === 'msrps') !== tls) return fail(RJ03, 'msrp-path', `the path URI scheme ${match[1]} does not agree with the m= line's ${media.proto}`, at(path, expected));
  if (match[4].toLowerCase() !== 'tcp') return fail(RJ03, 'msrp-path', `the path URI transport "${match[4]}" does not agree with the m= line's ${media.proto} (tcp)`, at(path, expected));
  return pass(RJ03, 'msrp-path', `the client's own path is ${own}`, at(path, expected));
}

function msrpMedia(lines: Line[]): MsrpMedia[] {
  return mediaSections(lines)
    .map((section) => {
      const m = /^message (\d+) (TCP\/MSRP|TCP\/TLS\/MSRP) \*$/.exec(section[0].value);
      return m ? { m: section[0], lines: section, port: Number(m[1]), proto: m[2] } : undefined;
    })
    .filter((m): m is MsrpMedia => m !== undefined);
}

function mediaSections(lines: Line[]): Line[][] {
  const sections: Line[][] = [];
  for (const l of lines) {
    if (l.type === 'm') sections.push([l]);
    else if (sections.length > 0) sections[sections.length - 1].push(l);
  }
  return sections;
}

/** The first line whose type comes before the previous line's in `order` (unknown types too). */
function firstOutOfOrder(lines: Line[], order: string): Line | undefined {
  let last = -1;
  for (const l of lines) {
    const rank = order.indexOf(l.type);
    if (rank < 0 || rank < last) return l;
    last = rank;
  }
  return undefined;
}

/**
 * Why a c= value is no connection address (RFC 4566 5.7: "IN <addrtype> <address>", IP4 with an
 * IPv4 address or a name, IP6 with an IPv6 address or a name, either with a multicast /ttl or
 * /count), or undefined when it is one. An address of the other type is the defect RFC 4566 5.7
 * names: c=IN IP4 ::1, c=IN IP6 127.0.0.2.
 */
function connectionProblem(value: string): string | undefined {
  const m = /^IN (IP4|IP6) (\S+)$/.exec(value);
  if (!m) return 'is not IN IP4|IP6 <address>';
  const address = m[2].split('/')[0];
  const type = m[1];
  if (isIPv6(address)) return type === 'IP6' ? undefined : `gives the IPv6 address ${address} with the address type IP4: an IPv6 address takes IP6 (RFC 4566 5.7)`;
  if (/^\d+(\.\d+){3}$/.test(address)) {
    if (!isIPv4(address)) return `gives ${address}, which is no IPv4 address`;
    return type === 'IP4' ? undefined : `gives the IPv4 address ${address} with the address type IP6: an IPv4 address takes IP4 (RFC 4566 5.7)`;
  }
  if (address.includes(':')) return `gives ${address}, which is no IPv6 address (RFC 4291 2.2)`;
  return /^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?\.?$/.test(address) ? undefined : `gives ${address}, which is no address or domain name (RFC 4566 5.7)`;
}
