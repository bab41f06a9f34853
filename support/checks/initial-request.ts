import type { RecordedMessage } from '../sip/recorded-message';
import type { HeaderLine, SipMessage } from '../sip/sip-message';
import { findHeaders, headerParams, splitList } from '../sip/sip-parser';
import { nameAddrSyntaxError } from '../sip/name-addr';
import { hostSyntaxError, parseSipUri, SipUriError, unbracketedIpv6, uriFromNameAddr, type SipUri } from '../sip/sip-uri';
import type { Finding } from '../verdict';
import { fail, headerLine, inconclusive, pass, startLine, unparsable, unreadableHeader } from './finding';
import { firstUriOf, tlsNaming } from './uri-of';

const RJ01 = 'RJ-01';

/**
 * RJ-01: "the IM Client SHALL build an initial SIP INVITE according to 7.1.1.1": the RFC 3261
 * 8.1.1 headers of an initial request, and the OMA IM specifics. Each rule is a named
 * sub-check with one finding, so a lab can see, and waive with a reason, exactly one.
 */
export const RFC3261_CHECKS = ['message-syntax', 'from-to-syntax', 'to-without-tag', 'from-tag', 'call-id', 'cseq-invite', 'max-forwards', 'via-branch', 'via-transport', 'contact-sip-uri', 'content-length'] as const;

/**
 * The sub-checks of an INVITE that came over TLS, and only then (over UDP or TCP they give no
 * finding, as RJ-09 leaves out what the profile does not declare):
 * - contact-tls: the Contact asks for TLS (sips:, or sip: with ;transport=tls), so that what the
 *   IM Server sends to it (RFC 3261 12.2) goes over TLS too. RFC 3261 does not say it in so many
 *   words for a sip: Request-URI (8.1.1.8 requires a sips: Contact only after a sips: Request-URI
 *   or top Route, which contact-sip-uri judges): the catalogue calls it uncertain.
 * - tls-client-certificate: the certificate the client presented, when it presented one, or when
 *   the profile declares mutual TLS (TlsDeclaration).
 */
export const TLS_CHECKS = ['contact-tls', 'tls-client-certificate'] as const;

/** What the SUT profile declares of the client's TLS, that RJ-01 judges against. */
export interface TlsDeclaration {
  /**
   * The profile declares mutual TLS: the client presents a certificate that chains to a CA the
   * test bed trusts. Without it a certificate the client presents is judged on its validity
   * period only, and no certificate is no finding.
   */
  clientCertificateDeclared: boolean;
}

export const NO_MUTUAL_TLS: TlsDeclaration = { clientCertificateDeclared: false };

/**
 * The OMA specifics. The text of 7.1.1.1 was not at hand when they were written (the catalogue
 * says so): they encode what deployed OMA IM 1.0 clients send, and are waivable one by one.
 */
export const OMA_IM_CHECKS: Readonly<Record<string, string>> = {
  'oma-im-feature-tag': 'the IM feature tag +g.oma.sip-im in the Contact, as deployed OMA IM 1.0 clients send it; 7.1.1.1 not at hand',
  'oma-accept-contact': 'an Accept-Contact (RFC 3841) asking for +g.oma.sip-im; 7.1.1.1 not at hand',
  'oma-user-agent': 'a User-Agent starting IM-client/OMA<release>, as deployed OMA IM 1.0 clients send it; 7.1.1.1 not at hand',
};

type Rule = (m: SipMessage, seq: number, r: RecordedMessage) => Finding;

const RULES: Record<string, Rule> = {
  'message-syntax': (m, seq, r) => {
    const expected = 'every header line "name: value" in UTF-8 (RFC 3261 7.3, 25.1)';
    const bad = m.malformed[0];
    if (!bad) return pass(RJ01, 'message-syntax', `every one of the ${m.headers.length} header lines is well-formed`, { expected, seen: 'well-formed', line: startLine(r), messageSeq: seq });
    const more = m.malformed.length > 1 ? ` (and ${m.malformed.length - 1} more)` : '';
    return fail(RJ01, 'message-syntax', `line ${bad.lineNumber} of the INVITE is malformed: ${bad.reason}${more}`, { expected, seen: bad.text, line: { number: bad.lineNumber, text: bad.text }, messageSeq: seq });
  },
  'from-to-syntax': (m, seq) => {
    const expected = 'From and To as name-addr or addr-spec (RFC 3261 25.1)';
    for (const name of ['From', 'To']) {
      const h = only(m, name);
      if (!h) return missing('from-to-syntax', name, seq, `exactly one ${name} header (RFC 3261 8.1.1)`, m);
      const why = nameAddrSyntaxError(h.value);
      if (why) return fail(RJ01, 'from-to-syntax', `the ${name} is malformed: ${why}`, at(h, seq, expected));
    }
    return pass(RJ01, 'from-to-syntax', 'the From and the To are well-formed addresses', { expected, seen: 'both well-formed', messageSeq: seq });
  },
  'to-without-tag': (m, seq) => {
    const to = only(m, 'To');
    if (!to) return missing('to-without-tag', 'To', seq, 'exactly one To header (RFC 3261 8.1.1.2)', m);
    return headerParams(to.value).has('tag')
      ? fail(RJ01, 'to-without-tag', 'the To of the initial INVITE has a tag, so it is not an initial request (RFC 3261 8.1.1.2)', at(to, seq, 'a To without tag'))
      : pass(RJ01, 'to-without-tag', 'the To has no tag', at(to, seq, 'a To without tag'));
  },
  'from-tag': (m, seq) => {
    const from = only(m, 'From');
    if (!from) return missing('from-tag', 'From', seq, 'exactly one From header with a tag (RFC 3261 8.1.1.3)', m);
    const tag = headerParams(from.value).get('tag');
    return tag
      ? pass(RJ01, 'from-tag', `the From carries the tag ${tag}`, at(from, seq, 'a From with a tag'))
      : fail(RJ01, 'from-tag', 'the From has no tag (RFC 3261 8.1.1.3: the UAC MUST add one)', at(from, seq, 'a From with a tag'));
  },
  'call-id': (m, seq) => {
    const all = findHeaders(m, 'Call-ID');
    if (all.length !== 1 || all[0].value === '') return missing('call-id', 'Call-ID', seq, 'exactly one non-empty Call-ID (RFC 3261 8.1.1.4)', m, all[1] ?? all[0]);
    return pass(RJ01, 'call-id', `the Call-ID is ${all[0].value}`, at(all[0], seq, 'one Call-ID'));
  },
  'cseq-invite': (m, seq) => {
    const cseq = only(m, 'CSeq');
    if (!cseq) return missing('cseq-invite', 'CSeq', seq, 'one CSeq "<number> INVITE" (RFC 3261 8.1.1.5)', m);
    const match = /^(\d{1,10})\s+(\S+)$/.exec(cseq.value);
    const ok = match && Number(match[1]) < 2 ** 31 && match[2] === 'INVITE';
    return ok
      ? pass(RJ01, 'cseq-invite', `the CSeq is ${cseq.value}`, at(cseq, seq, '"<number below 2^31> INVITE"'))
      : fail(RJ01, 'cseq-invite', `the CSeq "${cseq.value}" is not a number below 2^31 followed by INVITE (RFC 3261 8.1.1.5)`, at(cseq, seq, '"<number below 2^31> INVITE"'));
  },
  'max-forwards': (m, seq) => {
    const mf = only(m, 'Max-Forwards');
    if (!mf) return missing('max-forwards', 'Max-Forwards', seq, 'one Max-Forwards, 70 recommended (RFC 3261 8.1.1.6)', m);
    if (!/^\d{1,3}$/.test(mf.value) || Number(mf.value) > 255) {
      return fail(RJ01, 'max-forwards', `the Max-Forwards "${mf.value}" is not an integer from 0 to 255 (RFC 3261 20.22)`, at(mf, seq, 'an integer, 70 recommended'));
    }
    const note = mf.value === '70' ? '' : ' (70 is recommended, not required)';
    return pass(RJ01, 'max-forwards', `the Max-Forwards is ${mf.value}${note}`, at(mf, seq, 'an integer, 70 recommended'));
  },
  'via-branch': (m, seq) => {
    const via = findHeaders(m, 'Via')[0];
    if (!via) return missing('via-branch', 'Via', seq, 'a Via whose branch starts with z9hG4bK (RFC 3261 8.1.1.7)', m);
    const top = splitList(via.value)[0] ?? '';
    const branch = headerParams(top).get('branch') ?? '';
    const parsed = parseTopVia(top);
    const expected = 'SIP/2.0/<transport> <sent-by>;branch=z9hG4bK…';
    if ('error' in parsed) return fail(RJ01, 'via-branch', parsed.error, at(via, seq, expected));
    return branch.startsWith('z9hG4bK') && branch.length > 7
      ? pass(RJ01, 'via-branch', `the top Via's branch ${branch} starts with the magic cookie`, at(via, seq, expected))
      : fail(RJ01, 'via-branch', `the top Via's branch "${branch}" does not start with the magic cookie z9hG4bK (RFC 3261 8.1.1.7)`, at(via, seq, expected));
  },
  'via-transport': (m, seq, r) => {
    // RFC 3261 18.1.1, 20.42: the top Via names the transport the request is sent over.
    const via = findHeaders(m, 'Via')[0];
    const wanted = r.transport.toUpperCase();
    const expected = `a top Via SIP/2.0/${wanted}, the transport the INVITE came over (RFC 3261 18.1.1, 20.42)`;
    if (!via) return unreadableHeader(RJ01, 'via-transport', m, seq, 'Via', 'message-syntax') ?? inconclusive(RJ01, 'via-transport', 'the INVITE has no Via to read the transport from (via-branch FAILs that)', { expected, seen: 'no Via', messageSeq: seq });
    const parsed = parseTopVia(splitList(via.value)[0] ?? '');
    if ('error' in parsed) return inconclusive(RJ01, 'via-transport', `the top Via cannot be read (via-branch FAILs that: ${parsed.error})`, at(via, seq, expected));
    return parsed.transport.toUpperCase() === wanted
      ? pass(RJ01, 'via-transport', `the top Via says SIP/2.0/${parsed.transport}, and the INVITE came over ${wanted}`, at(via, seq, expected))
      : fail(RJ01, 'via-transport', `the top Via says SIP/2.0/${parsed.transport}, but the INVITE came over ${wanted} (RFC 3261 18.1.1: the Via names the transport the request is sent over)`, at(via, seq, expected));
  },
  'contact-sip-uri': (m, seq) => {
    const all = findHeaders(m, 'Contact');
    const values = all.flatMap((h) => splitList(h.value));
    if (values.length !== 1) return missing('contact-sip-uri', 'Contact', seq, 'exactly one Contact with a SIP URI (RFC 3261 8.1.1.8)', m, all[0]);
    try {
      const uri = parseSipUri(uriFromNameAddr(values[0]));
      // RFC 3261 8.1.1.8: after a sips: Request-URI or top Route, the Contact MUST be sips: too.
      const sipsBefore = sipsOf(m.requestUri, 'Request-URI') ?? sipsOf(firstUriOf(m, 'Route'), 'top Route');
      if (sipsBefore && uri.scheme !== 'sips') {
        return fail(RJ01, 'contact-sip-uri', `the ${sipsBefore} is a SIPS URI, so the Contact must be one too, but it is ${uri.text} (RFC 3261 8.1.1.8)`, at(all[0], seq, 'a SIPS URI in the Contact, after a SIPS Request-URI or top Route'));
      }
      return pass(RJ01, 'contact-sip-uri', `the Contact ${values[0]} holds a SIP URI`, at(all[0], seq, 'one Contact with a SIP or SIPS URI'));
    } catch (e) {
      if (!(e instanceof SipUriError)) throw e;
      return fail(RJ01, 'contact-sip-uri', `the Contact does not hold a SIP URI: ${e.message} (RFC 3261 8.1.1.8)`, at(all[0], seq, 'one Contact with a SIP or SIPS URI'));
    }
  },
  'content-length': (m, seq, r) => {
    const cl = findHeaders(m, 'Content-Length')[0];
    const expected = `Content-Length: the body's length in bytes (RFC 3261 20.14)`;
    if (m.lengthProblem) {
      const line = m.lengthProblem.line ? headerLine(m.lengthProblem.line) : startLine(r);
      return fail(RJ01, 'content-length', m.lengthProblem.reason, { expected, seen: m.lengthProblem.line?.value ?? 'no usable Content-Length', line, messageSeq: seq });
    }
    if (r.strayAfter) {
      // Over TCP the declared length ended the message early: the rest of the body was left in the stream.
      const shown = JSON.stringify(r.strayAfter.toString('latin1').slice(0, 40));
      return fail(RJ01, 'content-length', `Content-Length ${cl?.value ?? '?'} ends the INVITE before its body does: ${r.strayAfter.length} more bytes (${shown}) came before the next message on the stream (RFC 3261 18.3)`, {
        expected,
        seen: `Content-Length: ${cl?.value ?? '?'}, then ${r.strayAfter.length} stray bytes`,
        line: cl ? headerLine(cl) : startLine(r),
        messageSeq: seq,
      });
    }
    if (!cl) {
      // TLS is a stream too: the same MUST as TCP.
      return r.transport !== 'udp'
        ? fail(RJ01, 'content-length', `the INVITE has no Content-Length, which a stream transport (${r.transport.toUpperCase()}) requires (RFC 3261 20.14)`, { expected, seen: 'no Content-Length', messageSeq: seq })
        : pass(RJ01, 'content-length', 'the INVITE has no Content-Length, which RFC 3261 20.14 allows over UDP (SHOULD, not MUST)', { expected, seen: 'no Content-Length', messageSeq: seq });
    }
    // The parser reports a length that does not match the datagram, and the stream shows none left over.
    return pass(RJ01, 'content-length', `the Content-Length ${cl.value} is the body's length in bytes`, at(cl, seq, expected));
  },
  'oma-im-feature-tag': (m, seq) => {
    const contact = findHeaders(m, 'Contact')[0];
    const expected = 'a Contact carrying the feature tag +g.oma.sip-im';
    if (!contact) return missing('oma-im-feature-tag', 'Contact', seq, expected, m);
    return headerParams(contact.value).has('+g.oma.sip-im')
      ? pass(RJ01, 'oma-im-feature-tag', 'the Contact carries +g.oma.sip-im', at(contact, seq, expected))
      : fail(RJ01, 'oma-im-feature-tag', 'the Contact lacks the IM feature tag +g.oma.sip-im', at(contact, seq, expected));
  },
  'oma-accept-contact': (m, seq) => {
    const all = findHeaders(m, 'Accept-Contact');
    const expected = 'an Accept-Contact "*;+g.oma.sip-im" (RFC 3841)';
    const good = all.find((h) => splitList(h.value).some((v) => /^\*/.test(v) && headerParams(`<x>${v.slice(1)}`).has('+g.oma.sip-im')));
    if (good) return pass(RJ01, 'oma-accept-contact', `the Accept-Contact ${good.value} asks for +g.oma.sip-im`, at(good, seq, expected));
    return all[0]
      ? fail(RJ01, 'oma-accept-contact', `no Accept-Contact asks for +g.oma.sip-im (seen "${all[0].value}")`, at(all[0], seq, expected))
      : fail(RJ01, 'oma-accept-contact', 'the INVITE has no Accept-Contact asking for +g.oma.sip-im', { expected, seen: 'no Accept-Contact', line: { number: 1, text: m.startLine }, messageSeq: seq });
  },
  'oma-user-agent': (m, seq) => {
    const ua = findHeaders(m, 'User-Agent')[0];
    const expected = 'a User-Agent starting "IM-client/OMA<major>.<minor>", e.g. IM-client/OMA1.0 <product>/<version>';
    if (!ua) return fail(RJ01, 'oma-user-agent', 'the INVITE has no User-Agent naming the IM release', { expected, seen: 'no User-Agent', messageSeq: seq });
    return /^IM-client\/OMA\d+\.\d+(\s|$)/.test(ua.value)
      ? pass(RJ01, 'oma-user-agent', `the User-Agent "${ua.value}" names the IM release`, at(ua, seq, expected))
      : fail(RJ01, 'oma-user-agent', `the User-Agent "${ua.value}" does not start with IM-client/OMA<release>`, at(ua, seq, expected));
  },
};

type TlsRule = (invite: RecordedMessage, tls: TlsDeclaration) => Finding | undefined;

/** Over TLS only; undefined is no finding (nothing to judge). */
const TLS_RULES: Record<(typeof TLS_CHECKS)[number], TlsRule> = {
  'contact-tls': (r) => {
    const expected = 'a Contact that asks for TLS: a sips: URI, or sip: with ;transport=tls (RFC 3261 19.1, 26.2.2)';
    if (!r.sip) return unparsable(RJ01, 'contact-tls', r, 'the Contact', RJ01);
    const all = findHeaders(r.sip, 'Contact');
    const values = all.flatMap((h) => splitList(h.value));
    let uri: SipUri | undefined;
    try {
      uri = values.length === 1 ? parseSipUri(uriFromNameAddr(values[0])) : undefined;
    } catch (e) {
      if (!(e instanceof SipUriError)) throw e;
    }
    if (!uri) return inconclusive(RJ01, 'contact-tls', 'there is no one Contact SIP URI to judge it on (contact-sip-uri judges that)', { expected, seen: values.join(', ') || 'no Contact', messageSeq: r.seq, ...(all[0] ? { line: headerLine(all[0]) } : {}) });
    const detail = at(all[0], r.seq, expected);
    const how = tlsNaming(uri);
    if (how === 'sips:') return pass(RJ01, 'contact-tls', `the Contact ${uri.text} asks for TLS with the sips: scheme (RFC 5630: TLS on every hop to it)`, detail);
    if (how === ';transport=tls') return pass(RJ01, 'contact-tls', `the Contact ${uri.text} asks for TLS with ;transport=tls (RFC 3261 19.1.1; 26.2.2 deprecates it for sips:, but it still means TLS to that host)`, detail);
    return fail(RJ01, 'contact-tls', `the INVITE came over TLS, but its Contact ${uri.text} asks for no TLS (neither sips: nor ;transport=tls): what the IM Server sends to it would go over ${uri.scheme === 'sips' ? 'UDP, which sips: forbids' : 'UDP or TCP in the clear (RFC 3263)'}`, detail);
  },
  'tls-client-certificate': (r, tls) => {
    const cert = r.tls?.clientCertificate;
    const declared = tls.clientCertificateDeclared;
    const expected = declared
      ? 'a client certificate, within its validity period, that chains to a CA the test bed trusts (mutual TLS, as the profile declares)'
      : 'a client certificate within its validity period, when the client presents one';
    if (!cert) {
      if (!declared) return undefined; // Nothing presented, nothing declared: nothing to judge.
      if (!r.tls) return inconclusive(RJ01, 'tls-client-certificate', 'the test bed recorded nothing of the TLS connection the INVITE came over, so the client certificate the profile declares cannot be judged', { expected, seen: 'no TLS connection details', messageSeq: r.seq });
      return fail(RJ01, 'tls-client-certificate', `the profile declares mutual TLS, but the client presented no certificate on TLS connection ${r.tls.connection}`, { expected, seen: 'no client certificate', messageSeq: r.seq });
    }
    const seen = `${cert.subject} (issuer ${cert.issuer}), valid ${cert.validFrom} to ${cert.validTo}, SHA-256 ${cert.fingerprint256}${cert.trusted ? ', trusted' : `, not trusted${cert.trustError ? `: ${cert.trustError}` : ''}`}`;
    const detail = { expected, seen, messageSeq: r.seq };
    const from = Date.parse(cert.validFrom);
    const to = Date.parse(cert.validTo);
    const when = new Date(r.at).toISOString();
    if (Number.isNaN(from) || Number.isNaN(to)) return inconclusive(RJ01, 'tls-client-certificate', `the validity period the test bed recorded of the client certificate cannot be read ("${cert.validFrom}" to "${cert.validTo}")`, detail);
    // RFC 5280 4.1.2.5: valid from notBefore to notAfter, both included.
    if (r.at < from) return fail(RJ01, 'tls-client-certificate', `the client certificate ${cert.subject} is not valid yet: valid from ${cert.validFrom}, the INVITE came at ${when} (RFC 5280 4.1.2.5)`, detail);
    if (r.at > to) return fail(RJ01, 'tls-client-certificate', `the client certificate ${cert.subject} expired on ${cert.validTo}, before the INVITE came at ${when} (RFC 5280 4.1.2.5)`, detail);
    if (declared && !cert.trusted) return fail(RJ01, 'tls-client-certificate', `the client certificate ${cert.subject} does not chain to a CA the test bed trusts${cert.trustError ? ` (${cert.trustError})` : ''}, though the profile declares mutual TLS`, detail);
    const trust = declared ? 'and chains to a CA the test bed trusts' : cert.trusted ? 'and chains to a CA the test bed trusts (mutual TLS not declared: trust not judged)' : 'and does not chain to a CA the test bed trusts, which is not judged: the profile declares no mutual TLS';
    return pass(RJ01, 'tls-client-certificate', `the client certificate ${cert.subject} is within its validity period at ${when} ${trust}`, detail);
  },
};

/**
 * Every sub-check of RJ-01 against the INVITE as it was on the wire, one finding each; over TLS
 * the TLS_CHECKS too, judged against what the profile declares (`tls`, by default no mutual TLS).
 */
export function checkInitialRequest(invite: RecordedMessage, tls: TlsDeclaration = NO_MUTUAL_TLS): Finding[] {
  const names = Object.keys(RULES);
  const overTls =
    invite.transport === 'tls'
      ? TLS_CHECKS.map((name) => TLS_RULES[name](invite, tls)).filter((f): f is Finding => f !== undefined)
      : [];
  if (!invite.sip) return [...names.map((name) => unparsable(RJ01, name, invite, 'the initial request', RJ01)), ...overTls];
  return [...names.map((name) => RULES[name](invite.sip!, invite.seq, invite)), ...overTls];
}

/**
 * The top Via's sent-protocol and sent-by (RFC 3261 20.42, 25.1: "SIP/2.0/<transport> host[:port]",
 * the host a hostname, an IPv4 address or a bracketed IPv6 reference), or why it has none.
 */
export function parseTopVia(top: string): { transport: string; host: string; port?: number } | { error: string } {
  const m = /^SIP\s*\/\s*2\.0\s*\/\s*([A-Za-z0-9.!%*_+`'~-]+)\s+([^;]+?)\s*(?:;|$)/i.exec(top);
  if (!m) return { error: `the top Via "${top}" has no SIP/2.0/<transport> <sent-by>` };
  const sentBy = m[2].replace(/\s*:\s*(?=\d+$)/, ':');
  const hp = /^(\[[^\]]*\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(sentBy);
  if (!hp) {
    return { error: unbracketedIpv6(sentBy) ? `the top Via's sent-by "${sentBy}" is an IPv6 address without its brackets: a sent-by writes it [2001:db8::1]:port (RFC 3261 25.1 IPv6reference)` : `the top Via's sent-by "${sentBy}" is not host[:port] (RFC 3261 20.42)` };
  }
  const hostError = hostSyntaxError(hp[1]) ?? (/^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?\.?$|^\[/.test(hp[1]) ? undefined : `has the host ${hp[1]}, which is no hostname, IPv4 address or [IPv6 address] (RFC 3261 25.1)`);
  if (hostError) return { error: `the top Via's sent-by ${hostError}` };
  const port = hp[2] === undefined ? undefined : Number(hp[2]);
  if (port !== undefined && port > 65535) return { error: `the top Via's sent-by has port ${port}, beyond 65535` };
  return { transport: m[1], host: hp[1], port };
}

/** `what` when `uri` is a SIPS URI, else undefined. */
function sipsOf(uri: string | undefined, what: string): string | undefined {
  return uri !== undefined && /^sips:/i.test(uri) ? what : undefined;
}

function only(m: SipMessage, name: string): HeaderLine | undefined {
  const all = findHeaders(m, name);
  return all.length === 1 ? all[0] : undefined;
}

function at(h: HeaderLine, seq: number, expected: string) {
  return { expected, seen: h.value, line: headerLine(h), messageSeq: seq };
}

function missing(check: string, name: string, seq: number, expected: string, m: SipMessage, offending?: HeaderLine): Finding {
  const count = findHeaders(m, name).length;
  // The header may be the malformed line: message-syntax FAILs that; this sub-check cannot read it.
  const unreadable = count === 0 ? unreadableHeader(RJ01, check, m, seq, name, 'message-syntax') : undefined;
  if (unreadable) return unreadable;
  const seen = count === 0 ? `no ${name} header` : `${count} ${name} headers`;
  return fail(RJ01, check, `the INVITE has ${seen} where RFC 3261 8.1.1 asks for ${expected}`, {
    expected,
    seen,
    line: offending ? headerLine(offending) : { number: 1, text: m.startLine },
    messageSeq: seq,
  });
}
