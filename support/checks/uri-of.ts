import type { SipMessage } from '../sip/sip-message';
import { findHeaders, splitList } from '../sip/sip-parser';
import { compareSipUris, parseSipUri, SipUriError, uriFromNameAddr, type UriComparison } from '../sip/sip-uri';

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
