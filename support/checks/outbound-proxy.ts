import type { RecordedMessage, Transport } from '../sip/recorded-message';
import { findHeaders, splitList } from '../sip/sip-parser';
import { hostPort, parseSipUri, sameAddress, uriFromNameAddr } from '../sip/sip-uri';
import type { Finding } from '../verdict';
import { fail, headerLine, inconclusive, pass, startLine, unparsable, unreadableHeader } from './finding';
import { sameHop, sameSipUri, tlsNamingOf } from './uri-of';

const RJ04 = 'RJ-04';

/**
 * RJ-04: "the IM Client SHALL send the INVITE towards the IM Server according to the SIP/IP
 * Core's rules": with an outbound proxy configured, RFC 3261 8.1.2 makes it a pre-loaded Route,
 * and the request goes to the proxy with the Request-URI still the target (loose routing, 16.12).
 */
export const OUTBOUND_ROUTE_CHECKS = ['via-sip-ip-core', 'preloaded-route', 'request-uri-kept'] as const;

/**
 * Over TLS only: the proxy's Route entry has the scheme of the configured proxy URI. preloaded-route
 * judges the hop and lets sips:p stand for sip:p;transport=tls (both ask for TLS to p, and RFC 3261
 * 26.2.2 deprecates the second for the first); RFC 3261 19.1.4 never equates a sip and a sips URI,
 * and a proxy that recognises its own Route entry by URI (16.4) may not recognise a rewritten one.
 * Which view holds is not settled: the catalogue calls this uncertain, and a lab may waive it.
 */
export const TLS_ROUTE_CHECKS = ['route-scheme-as-configured'] as const;

export interface OutboundProxy {
  uri: string;
  host: string;
  port: number;
  transport: Transport;
}

/**
 * RJ-04's sub-checks against the INVITE as it arrived; route-scheme-as-configured only over TLS.
 * Addresses compare as addresses (::1 as [0:0:0:0:0:0:0:1], ::ffff:127.0.0.1 as 127.0.0.1).
 */
export function checkViaSipIpCore(invite: RecordedMessage, proxy: OutboundProxy): Finding[] {
  const seq = invite.seq;
  const overTls = invite.transport === 'tls';
  const where = `${invite.transport.toUpperCase()} ${hostPort(invite.destination.host, invite.destination.port)}`;
  const proxyAt = `${proxy.transport.toUpperCase()} ${hostPort(proxy.host, proxy.port)}`;
  const arrived =
    sameAddress(invite.destination.host, proxy.host) && invite.destination.port === proxy.port && invite.transport === proxy.transport
      ? pass(RJ04, 'via-sip-ip-core', `the INVITE arrived at the SIP/IP Core's entry point (${where})`, { expected: proxyAt, seen: where, messageSeq: seq })
      : fail(RJ04, 'via-sip-ip-core', `the INVITE bypassed the SIP/IP Core: it arrived at ${where}, not at the outbound proxy ${proxyAt}`, {
          expected: `the INVITE sent to the outbound proxy, ${proxyAt}`,
          seen: `sent to ${where}`,
          line: startLine(invite),
          messageSeq: seq,
        });
  if (!invite.sip) {
    return [
      arrived,
      unparsable(RJ04, 'preloaded-route', invite, 'its Route', 'RJ-01'),
      unparsable(RJ04, 'request-uri-kept', invite, 'its Request-URI', 'RJ-01'),
      ...(overTls ? [unparsable(RJ04, 'route-scheme-as-configured', invite, 'its Route', 'RJ-01')] : []),
    ];
  }
  const sip = invite.sip;

  const routeHeader = findHeaders(sip, 'Route')[0];
  const firstEntry = routeHeader ? splitList(routeHeader.value)[0] : undefined;
  const expected = `a first Route entry <${proxy.uri}> with lr (RFC 3261 8.1.2)${overTls ? ', asking for TLS (sips: or ;transport=tls)' : ''}`;
  let route: Finding;
  let uri: string | undefined;
  const unreadable = routeHeader ? undefined : unreadableHeader(RJ04, 'preloaded-route', sip, seq, 'Route', 'RJ-01');
  if (unreadable) {
    route = unreadable;
  } else if (!routeHeader || !firstEntry) {
    route = fail(RJ04, 'preloaded-route', 'the INVITE has no Route header: the outbound proxy is not pre-loaded as RFC 3261 8.1.2 asks', { expected, seen: 'no Route', line: startLine(invite), messageSeq: seq });
  } else {
    uri = uriFromNameAddr(firstEntry);
    // sameHop: RFC 3261 19.1.4, but sips:p and sip:p;transport=tls name the same hop (uri-of.ts).
    const same = sameHop(uri, proxy.uri);
    const tls = tlsNamingOf(uri);
    let lr: boolean;
    try {
      lr = parseSipUri(uri).params.some(([name]) => name.toLowerCase() === 'lr');
    } catch {
      lr = false; // not a SIP URI: sameHop has said so already
    }
    const detail = { expected, seen: routeHeader.value, line: headerLine(routeHeader), messageSeq: seq };
    const tlsNote = overTls && tls && tlsNamingOf(proxy.uri) !== tls ? ` (it asks for TLS with ${tls} where the configured URI says ${tlsNamingOf(proxy.uri) ?? 'neither'}: the same hop over TLS; route-scheme-as-configured judges the difference)` : '';
    route =
      overTls && !tls && same.equal
        ? fail(RJ04, 'preloaded-route', `the INVITE came over TLS, but its first Route entry ${uri} asks for no TLS (neither sips: nor ;transport=tls), so the next request might go to the proxy in the clear (RFC 3263)`, detail)
        : !same.equal
          ? fail(RJ04, 'preloaded-route', `the first Route entry ${uri} is not the outbound proxy ${proxy.uri}: ${same.reason}`, detail)
          : !lr
            ? fail(RJ04, 'preloaded-route', `the first Route entry ${uri} lacks lr, so the proxy would be a strict router (RFC 3261 16.12)`, detail)
            : pass(RJ04, 'preloaded-route', `the first Route entry is the outbound proxy ${uri}${tlsNote}`, detail);
  }

  const requestUri = sip.requestUri ?? '';
  const kept = sameSipUri(requestUri, proxy.uri).equal
    ? fail(RJ04, 'request-uri-kept', `the Request-URI is the outbound proxy ${requestUri}, not the conference: strict routing, not what RFC 3261 8.1.2 asks`, { expected: 'the conference as Request-URI', seen: requestUri, line: startLine(invite), messageSeq: seq })
    : pass(RJ04, 'request-uri-kept', `the Request-URI ${requestUri} is the target, not the proxy`, { expected: 'the conference as Request-URI', seen: requestUri, line: startLine(invite), messageSeq: seq });
  if (!overTls) return [arrived, route, kept];
  return [arrived, route, kept, routeSchemeAsConfigured(route, uri, proxy, routeHeader ? { expected: `the scheme of the configured URI <${proxy.uri}>`, seen: routeHeader.value, line: headerLine(routeHeader), messageSeq: seq } : { messageSeq: seq })];
}

/** route-scheme-as-configured: judged on the proxy's own Route entry only, so after preloaded-route PASSes. */
function routeSchemeAsConfigured(route: Finding, uri: string | undefined, proxy: OutboundProxy, detail: Parameters<typeof pass>[3]): Finding {
  if (route.verdict !== 'PASS' || uri === undefined) {
    return inconclusive(RJ04, 'route-scheme-as-configured', `there is no Route entry that names the outbound proxy to judge it on (preloaded-route ${route.verdict === 'FAIL' ? 'FAILs' : 'judges'} that)`, detail);
  }
  const seen = /^sips:/i.test(uri) ? 'sips' : 'sip';
  const configured = /^sips:/i.test(proxy.uri) ? 'sips' : 'sip';
  return seen === configured
    ? pass(RJ04, 'route-scheme-as-configured', `the first Route entry ${uri} has the configured proxy URI's scheme ${configured}:`, detail)
    : fail(RJ04, 'route-scheme-as-configured', `the first Route entry ${uri} is a ${seen}: URI where the configured outbound proxy is the ${configured}: URI ${proxy.uri}; both ask for TLS to the same hop, but RFC 3261 19.1.4 never equates a sip and a sips URI (uncertain: waivable)`, detail);
}
