import type { Transport } from '../sip/recorded-message';
import { hostPort } from '../sip/sip-uri';

/**
 * The SIP/IP Core role: the client's outbound proxy, which stays in the path. A proxy that
 * stays in the path Record-Routes (RFC 3261 16.6 step 4; an IMS P-CSCF always does, TS 24.229
 * 5.2.6.3), so on every dialog-creating exchange it carries (the 200 OK to the INVITE and to the
 * SUBSCRIBE, and the IM Server's NOTIFY) the client learns a route set through it, and sends
 * its in-dialog requests (ACK, BYE, re-SUBSCRIBE) there: to the Contact, by that route set
 * (RFC 3261 12.1.2, 12.2.1.1), never to the Contact's host directly.
 *
 * The IM Server side of the network may add an entry of its own (a scenario says so), so the
 * order of the route set is observable: a UAC reverses the Record-Route of a response, a UAS
 * keeps that of a request in order.
 */
export class SipIpCore {
  constructor(
    private readonly host: string,
    /** The core's port for a transport: UDP and TCP share one, TLS has its own. */
    private readonly portOf: (transport: Transport) => number,
  ) {}

  /**
   * This proxy's own Record-Route URI over `transport`: itself, loose routing. `sips`: the request
   * had a sips: Request-URI or top Route, so the entry MUST be a SIPS URI (RFC 3261 16.6 step 4).
   */
  uri(transport: Transport, sips = false): string {
    return this.entry('', transport, sips);
  }

  /** The IM Server side's entry: the same listener, told apart by its user part. */
  imServerUri(transport: Transport, sips = false): string {
    return this.entry('im-server@', transport, sips);
  }

  private entry(user: string, transport: Transport, sips: boolean): string {
    return sips ? `sips:${user}${hostPort(this.host, this.portOf('tls'))};lr` : `sip:${user}${hostPort(this.host, this.portOf(transport))};transport=${transport};lr`;
  }

  /**
   * The Record-Route header lines of a message from the IM Server to the client, top first.
   * Each hop adds its entry on top as the request goes through, and a response carries the
   * request's list as it is: from the UAS side to the UAC side.
   */
  recordRoute(transport: Transport, imServerToo: boolean, direction: 'response' | 'request', sips = false): string[] {
    const core = `Record-Route: <${this.uri(transport, sips)}>`;
    if (!imServerToo) return [core];
    const im = `Record-Route: <${this.imServerUri(transport, sips)}>`;
    // Response to the client's request: the IM Server side's entry was added last (nearest the
    // UAS), on top. Request from the IM Server (NOTIFY): the core added its entry last, on top.
    return direction === 'response' ? [im, core] : [core, im];
  }
}
