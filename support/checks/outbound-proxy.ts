import type { RecordedMessage, Transport } from '../sip/recorded-message';
import { findHeaders, splitList } from '../sip/sip-parser';
import { parseSipUri, uriFromNameAddr } from '../sip/sip-uri';
import type { Finding } from '../verdict';
import { fail, headerLine, pass, startLine, unparsable, unreadableHeader } from './finding';
import { sameSipUri } from './uri-of';

const RJ04 = 'RJ-04';

/**
 * RJ-04: "the IM Client SHALL send the INVITE towards the IM Server according to the SIP/IP
 * Core's rules": with an outbound proxy configured, RFC 3261 8.1.2 makes it a pre-loaded Route,
 * and the request goes to the proxy with the Request-URI still the target (loose routing, 16.12).
 */
export const OUTBOUND_ROUTE_CHECKS = ['via-sip-ip-core', 'preloaded-route', 'request-uri-kept'] as const;

export interface OutboundProxy {
  uri: string;
  host: string;
  port: number;
  transport: Transport;
}

export function checkViaSipIpCore(invite: RecordedMessage, proxy: OutboundProxy): Finding[] {
  const seq = invite.seq;
  const where = `${invite.transport.toUpperCase()} ${invite.destination.host}:${invite.destination.port}`;
  const proxyAt = `${proxy.transport.toUpperCase()} ${proxy.host}:${proxy.port}`;
  const arrived =
    invite.destination.host === proxy.host && invite.destination.port === proxy.port && invite.transport === proxy.transport
      ? pass(RJ04, 'via-sip-ip-core', `the INVITE arrived at the SIP/IP Core's entry point (${where})`, { expected: proxyAt, seen: where, messageSeq: seq })
      : fail(RJ04, 'via-sip-ip-core', `the INVITE bypassed the SIP/IP Core: it arrived at ${where}, not at the outbound proxy ${proxyAt}`, {
          expected: `the INVITE sent to the outbound proxy, ${proxyAt}`,
          seen: `sent to ${where}`,
          line: startLine(invite),
          messageSeq: seq,
        });
  if (!invite.sip) return [arrived, unparsable(RJ04, 'preloaded-route', invite, 'its Route', 'RJ-01'), unparsable(RJ04, 'request-uri-kept', invite, 'its Request-URI', 'RJ-01')];
  const sip = invite.sip;

  const routeHeader = findHeaders(sip, 'Route')[0];
  const firstEntry = routeHeader ? splitList(routeHeader.value)[0] : undefined;
  const expected = `a first Route entry <${proxy.uri}> with lr (RFC 3261 8.1.2)`;
  let route: Finding;
  const unreadable = routeHeader ? undefined : unreadableHeader(RJ04, 'preloaded-route', sip, seq, 'Route', 'RJ-01');
  if (unreadable) {
    route = unreadable;
  } else if (!routeHeader || !firstEntry) {
    route = fail(RJ04, 'preloaded-route', 'the INVITE has no Route header: the outbound proxy is not pre-loaded as RFC 3261 8.1.2 asks', { expected, seen: 'no Route', line: startLine(invite), messageSeq: seq });
  } else {
    const uri = uriFromNameAddr(firstEntry);
    const same = sameSipUri(uri, proxy.uri);
    let lr: boolean;
    try {
      lr = parseSipUri(uri).params.some(([name]) => name.toLowerCase() === 'lr');
    } catch {
      lr = false; // not a SIP URI: sameSipUri has said so already
    }
    const detail = { expected, seen: routeHeader.value, line: headerLine(routeHeader), messageSeq: seq };
    route = !same.equal
      ? fail(RJ04, 'preloaded-route', `the first Route entry ${uri} is not the outbound proxy ${proxy.uri}: ${same.reason}`, detail)
      : !lr
        ? fail(RJ04, 'preloaded-route', `the first Route entry ${uri} lacks lr, so the proxy would be a strict router (RFC 3261 16.12)`, detail)
        : pass(RJ04, 'preloaded-route', `the first Route entry is the outbound proxy ${uri}`, detail);
  }

  const requestUri = sip.requestUri ?? '';
  const kept = sameSipUri(requestUri, proxy.uri).equal
    ? fail(RJ04, 'request-uri-kept', `the Request-URI is the outbound proxy ${requestUri}, not the conference: strict routing, not what RFC 3261 8.1.2 asks`, { expected: 'the conference as Request-URI', seen: requestUri, line: startLine(invite), messageSeq: seq })
    : pass(RJ04, 'request-uri-kept', `the Request-URI ${requestUri} is the target, not the proxy`, { expected: 'the conference as Request-URI', seen: requestUri, line: startLine(invite), messageSeq: seq });
  return [arrived, route, kept];
}
