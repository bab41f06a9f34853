import type { SipMessage } from '../sip/sip-message';
import { sameSipUri, urisOf } from './uri-of';

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
 * URIs compare by RFC 3261 19.1.4.
 */
export function judgeRoute(request: SipMessage, routeSet: string[], outboundProxy?: string): RouteSetJudgement {
  const route = urisOf(request, 'Route');
  const show = (list: string[]): string => (list.length === 0 ? 'no Route' : list.map((u) => `<${u}>`).join(', '));
  const seen = show(route);
  const allowed = [routeSet, ...(outboundProxy ? [[outboundProxy, ...routeSet]] : [])];
  const expected = allowed.map(show).join(', or ');
  // 19.1.4 ignores a parameter only one side has, but 12.2.1.1 copies the route set "including all
  // parameters": an entry that drops (or adds) lr would change how the next hop routes.
  const sameEntry = (seen: string, want: string): boolean => sameSipUri(seen, want).equal && hasLr(seen) === hasLr(want);
  const matches = (want: string[]): boolean => want.length === route.length && want.every((u, i) => sameEntry(route[i], u));
  if (allowed.some(matches)) return { ok: true, expected, seen };
  const closest = allowed.find((want) => want.length === route.length) ?? routeSet;
  const i = closest.findIndex((u, k) => route[k] === undefined || !sameEntry(route[k], u));
  const why = (k: number): string => {
    const uri = sameSipUri(route[k], closest[k]);
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
