import type { SipMessage } from '../sip/sip-message';
import { findHeaders, splitList } from '../sip/sip-parser';
import { compareSipUris, parseSipUri, SipUriError, uriFromNameAddr, type UriComparison } from '../sip/sip-uri';

/** The URI of a message's first `name` header entry (Contact, Route, …), as written. */
export function firstUriOf(m: SipMessage, name: string): string | undefined {
  const value = findHeaders(m, name).flatMap((h) => splitList(h.value))[0];
  return value === undefined ? undefined : uriFromNameAddr(value);
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
