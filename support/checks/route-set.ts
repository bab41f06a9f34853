import type { SipMessage } from '../sip/sip-message';
import { sameHop, sameSipUri, urisOf } from './uri-of';

/**
 * The route set of the dialog a 2xx creates, as the client (the UAC) must build it: the 2xx's
 * Record-Route URIs, reversed (RFC 3261 12.1.2). Its in-dialog requests carry it as their Route
 * (12.2.1.1), so they pass through every proxy that asked to stay in the path.
 */
export function routeSetOf2xx(ok: SipMessage): string[] {
  return urisOf(ok, 'Record-Route').reverse();
}

export interface RouteSetJudgement {
  ok: boolean;
  /** What passes, in words. */
  expected: string;
  seen: string;
  /** Why it does not pass, when it does not. */
  reason?: string;
}

/**
 * Which Route an in-dialog request may carry (docs/INTERPRETING.md): exactly the route set; or
 * the client's outbound proxy followed by the route set, which RFC 3261 8.1.2 and TS 24.229
 * 5.1.2A.1 let a client configured to send every request through its outbound proxy do (when the
 * proxy Record-Routed itself its entry then comes twice, and the request still takes the path).
 * URIs compare by RFC 3261 19.1.4 (IPv6 references as addresses, RFC 5954); the outbound
 * proxy's own entry as preloaded-route compares it (sameHop: sips:p stands for sip:p;transport=tls),
 * the route set's entries as the 2xx wrote them (12.2.1.1).
 */
export function judgeRoute(request: SipMessage, routeSet: string[], outboundProxy?: string): RouteSetJudgement {
  const route = urisOf(request, 'Route');
  const show = (list: string[]): string => (list.length === 0 ? 'no Route' : list.map((u) => `<${u}>`).join(', '));
  const seen = show(route);
  const allowed = [routeSet, ...(outboundProxy ? [[outboundProxy, ...routeSet]] : [])];
  const expected = allowed.map(show).join(', or ');
  // The outbound proxy's entry, when a variant starts with it: compared as a hop.
  const compare = (want: string[], k: number) => (want !== routeSet && k === 0 ? sameHop : sameSipUri)(route[k], want[k]);
  // 19.1.4 ignores a parameter only one side has, but 12.2.1.1 copies the route set "including all
  // parameters": an entry that drops (or adds) lr would change how the next hop routes.
  const sameEntry = (want: string[], k: number): boolean => compare(want, k).equal && hasLr(route[k]) === hasLr(want[k]);
  const matches = (want: string[]): boolean => want.length === route.length && want.every((_, k) => sameEntry(want, k));
  if (allowed.some(matches)) return { ok: true, expected, seen };
  const closest = allowed.find((want) => want.length === route.length) ?? routeSet;
  const i = closest.findIndex((_, k) => route[k] === undefined || !sameEntry(closest, k));
  const why = (k: number): string => {
    const uri = compare(closest, k);
    return uri.equal ? `lr is ${hasLr(closest[k]) ? 'missing' : 'added'}` : (uri.reason ?? 'they differ');
  };
  const reason =
    route.length !== closest.length
      ? `${route.length} Route entr${route.length === 1 ? 'y' : 'ies'} where the route set has ${routeSet.length}`
      : `entry ${i + 1} is ${route[i]}, not ${closest[i]}: ${why(i)}`;
  return { ok: false, expected, seen, reason };
}

function hasLr(uri: string): boolean {
  return /;lr(?=[;=?>]|$)/i.test(uri);
}
