import type { SipMessage } from '../sip/sip-message';
import { findHeaders, splitList } from '../sip/sip-parser';
import { compareSipUris, parseSipUri, SipUriError, uriFromNameAddr, type SipUri, type UriComparison } from '../sip/sip-uri';

/** The URIs of every `name` header entry (Route, Record-Route, …), over all its lines, in wire order, as written. */
export function urisOf(m: SipMessage, name: string): string[] {
  return findHeaders(m, name)
    .flatMap((h) => splitList(h.value))
    .map(uriFromNameAddr);
}

/** The URI of a message's first `name` header entry (Contact, Route, …), as written. */
export function firstUriOf(m: SipMessage, name: string): string | undefined {
  return urisOf(m, name)[0];
}

/** RFC 3261 19.1.4 comparison of two URI texts; a text that is no SIP URI differs, with the reason. */
export function sameSipUri(a: string, b: string): UriComparison {
  try {
    return compareSipUris(parseSipUri(a), parseSipUri(b));
  } catch (e) {
    if (!(e instanceof SipUriError)) throw e;
    return { equal: false, reason: e.message };
  }
}

/**
 * How a SIP URI asks for TLS to the host it names, or undefined when it does not: the sips:
 * scheme (RFC 3261 19.1, 26.2.2; RFC 5630: TLS on every hop to the URI's domain, over any
 * transport but UDP), or sip: with ;transport=tls (RFC 3261 19.1.1; 26.2.2 deprecates it, as
 * specific to a single hop, and RFC 5630 confirms that).
 */
export function tlsNaming(uri: SipUri): 'sips:' | ';transport=tls' | undefined {
  const transport = uri.params.find(([name]) => name.toLowerCase() === 'transport')?.[1]?.toLowerCase();
  if (uri.scheme === 'sips') return transport === 'udp' ? undefined : 'sips:';
  return transport === 'tls' ? ';transport=tls' : undefined;
}

/** tlsNaming of a URI text; undefined too for a text that is no SIP URI. */
export function tlsNamingOf(text: string): ReturnType<typeof tlsNaming> {
  try {
    return tlsNaming(parseSipUri(text));
  } catch (e) {
    if (!(e instanceof SipUriError)) throw e;
    return undefined;
  }
}

/**
 * Whether two URIs name the same next hop: RFC 3261 19.1.4, except that two URIs which both ask
 * for TLS (tlsNaming) compare with how they ask set aside. 19.1.4 never equates a sip and a sips
 * URI, but for a hop (a Route entry towards the outbound proxy) sip:p;transport=tls and sips:p
 * both mean "a TLS connection to p", and RFC 3261 26.2.2 deprecates the first for the second; whether a
 * client may write one where it was configured with the other is judged apart (RJ-04
 * route-scheme-as-configured). A URI asking for TLS and one that does not still differ.
 */
export function sameHop(a: string, b: string): UriComparison {
  let ua: SipUri;
  let ub: SipUri;
  try {
    ua = parseSipUri(a);
    ub = parseSipUri(b);
  } catch (e) {
    if (!(e instanceof SipUriError)) throw e;
    return { equal: false, reason: e.message };
  }
  const ta = tlsNaming(ua);
  const tb = tlsNaming(ub);
  if (ta && tb) return compareSipUris(withoutTlsNaming(ua), withoutTlsNaming(ub));
  if (ta || tb) {
    const [tls, plain] = ta ? [a, b] : [b, a];
    return { equal: false, reason: `${tls} asks for TLS (${ta ?? tb}) and ${plain} does not` };
  }
  return compareSipUris(ua, ub);
}

function withoutTlsNaming(uri: SipUri): SipUri {
  return { ...uri, scheme: 'sip', params: uri.params.filter(([name]) => name.toLowerCase() !== 'transport') };
}
