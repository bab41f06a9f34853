import type { ClientState } from './im-client';
import { withHost } from './sip-uri';

/**
 * Fault switches: each one makes the reference client break one rule, so the suite can prove
 * that sub-check of the catalogue is able to fail (CONTRIBUTING.md step 6); what each must FAIL
 * is test/conformance/reference-faults.ts. They are named in IM_CLIENT_FAULTS, comma-separated;
 * none means a conformant client.
 *
 * A switch is one entry of FAULTS: the requirement it breaks, a sentence saying how, and a
 * hook that changes a request just before it is sent (or the `state` reply). Hooks see the
 * request as text (the Request-URI, header values by name, the body), so most new faults are
 * one line.
 */

/** A request the client is about to send, as a fault hook may change it. */
export interface RequestDraft {
  readonly method: string;
  requestUri: string;
  /**
   * Header values by lower-case name, in wire order. `route` is the pre-loaded route text
   * (RFC 3261 8.1.2); deleting it makes the package route by the Request-URI instead.
   */
  headers: Record<string, string>;
  /** The body as text (UTF-8 on the wire; Content-Length is computed from the bytes). */
  body: string;
  /**
   * The top Via's branch, on the ACK of a 2xx only: the client sends that ACK statelessly and
   * picks its branch itself; the package's transaction layer gives every other request its own.
   */
  branch?: string;
}

/** What the user asked for, and what the exchange has shown so far, for hooks that need it. */
export interface FaultContext {
  /** The conference the user asked to rejoin, as given. */
  readonly conference: string;
  /** The branch the INVITE went out with (for the ACK hook). */
  readonly inviteBranch?: string;
}

/** Requests a fault hook can change. */
export type Hook = 'invite' | 'ack' | 'bye' | 'subscribe';
/**
 * Things a fault can make the client leave out altogether. `invite-branch-cookie`: the magic
 * cookie z9hG4bK of the INVITE's branch, which the package's transaction layer writes (so
 * client/sip-stack.ts takes it off on the way out and puts it back on the responses).
 */
export type Omission = 'ack' | 'ack-retransmission' | 'subscribe' | 'invite-retransmission' | 'invite-branch-cookie';

export type TlsHandshakeFault = 'untrusting' | 'tls-1.1' | 'plaintext';

export interface FaultSwitch {
  /** The requirement id this switch breaks (the catalogue's RJ-xx or RB-xx). */
  readonly requirement: string;
  readonly description: string;
  /** Changes the initial INVITE of a rejoin. */
  readonly invite?: (draft: RequestDraft, context: FaultContext) => void;
  /** Changes the ACK of the 2xx (and every retransmission of that ACK). */
  readonly ack?: (draft: RequestDraft, context: FaultContext) => void;
  /** Changes the BYE of a leave. */
  readonly bye?: (draft: RequestDraft, context: FaultContext) => void;
  /** Changes the conference SUBSCRIBE (and its un-SUBSCRIBE). */
  readonly subscribe?: (draft: RequestDraft, context: FaultContext) => void;
  /** What the client then does not send at all. */
  readonly omits?: Omission;
  /** Subscribe even when the stored Allow lacks SUBSCRIBE. */
  readonly ignoresAllow?: boolean;
  /** Send the INVITE straight to its Request-URI's host, keeping the pre-loaded Route text. */
  readonly sendsPastProxy?: boolean;
  /** Answer the IM Server's NOTIFY with this status instead of 200. */
  readonly notifyStatus?: number;
  /** The transport the INVITE's top Via names, whatever carries it (the package writes the Via: client/sip-stack.ts). */
  readonly inviteViaTransport?: string;
  /**
   * How the client's TLS connections go wrong (client/sip-stack.ts): `untrusting` trusts no CA
   * but the system's (so not IM_TLS_CA), `tls-1.1` offers TLS 1.0 and 1.1 only, `plaintext`
   * writes its SIP in the clear to the TLS port.
   */
  readonly tlsHandshake?: TlsHandshakeFault;
  /** Present no certificate over TLS, though given IM_TLS_CLIENT_CERT. */
  readonly withholdsCertificate?: boolean;
  /** Changes the upper tester's `state` reply (client/cli.ts): what the client says it kept. */
  readonly state?: (state: ClientState) => ClientState;
}

/** The body with every line matching `line` replaced (or removed, when `by` is undefined). */
function editSdp(body: string, line: RegExp, by?: (match: string) => string): string {
  return body
    .split('\r\n')
    .flatMap((l) => (line.test(l) ? (by ? [by(l)] : []) : [l]))
    .join('\r\n');
}

const dropParam = (value: string, param: string): string => value.split(';').filter((p) => p.trim() !== param).join(';');

/** The value without its ICSI feature tag (+g.3gpp.icsi-ref="...", TS 24.229 7.2A.8). */
const dropIcsi = (value: string): string => value.replace(/;\s*\+g\.3gpp\.icsi-ref=("[^"]*"|[^;,]*)/gi, '');

/** The value without its tag parameter. */
const dropTag = (value: string): string => value.replace(/;\s*tag=[^;]*/gi, '');

/** The offer's TCP/TLS/MSRP m= line as TCP/MSRP (its path left as it is). */
const asTcpMsrp = (body: string): string => editSdp(body, /^m=message \d+ TCP\/TLS\/MSRP /, (l) => l.replace(' TCP/TLS/MSRP ', ' TCP/MSRP '));

/** A Route of the outbound proxy alone: the route set the 200 OK's Record-Route gave is ignored. */
const proxyOnly = (route: string): string => route.split(/,\s*(?=<)/)[0];

export const FAULTS: Readonly<Record<string, FaultSwitch>> = {
  'wrong-request-uri': {
    requirement: 'RJ-02',
    description: 'the INVITE goes to the asked user part at host wrong-conference.invalid; To still names the asked conference',
    invite: (d) => void (d.requestUri = withHost(d.requestUri, 'wrong-conference.invalid')),
  },
  // RJ-01: the initial request (RFC 3261 8.1.1) and the OMA IM specifics of 7.1.1.1
  'no-from-tag': { requirement: 'RJ-01', description: 'the INVITE\'s From has no tag', invite: (d) => void (d.headers.from = dropTag(d.headers.from)) },
  'to-with-tag': { requirement: 'RJ-01', description: 'the INVITE\'s To carries a tag, as a request inside a dialog would (RFC 3261 8.1.1.2)', invite: (d) => void (d.headers.to += ';tag=rejoin') },
  // A second Call-ID line with the same value: the test bed answers by the first, as its
  // responses carry one, so nothing but the count is wrong.
  'two-call-ids': { requirement: 'RJ-01', description: 'the INVITE carries its Call-ID line twice (RFC 3261 8.1.1.4: exactly one)', invite: (d) => void (d.headers['Call-ID'] = d.headers['call-id']) },
  // 2^31: the ACK and the BYE count on from it consistently, so only the INVITE's number is wrong.
  'cseq-too-large': { requirement: 'RJ-01', description: 'the INVITE\'s CSeq number is 2^31, which RFC 3261 8.1.1.5 forbids', invite: (d) => void (d.headers.cseq = '2147483648 INVITE') },
  'no-max-forwards': { requirement: 'RJ-01', description: 'the INVITE has no Max-Forwards', invite: (d) => void delete d.headers['max-forwards'] },
  'invite-branch-without-cookie': {
    requirement: 'RJ-01',
    description: 'the INVITE\'s Via branch lacks the magic cookie z9hG4bK, as an RFC 2543 client\'s would (RFC 3261 8.1.1.7)',
    omits: 'invite-branch-cookie',
  },
  'contact-not-sip': { requirement: 'RJ-01', description: 'the INVITE\'s Contact holds an im: URI, not a SIP URI (RFC 3261 8.1.1.8)', invite: (d) => void (d.headers.contact = d.headers.contact.replace('<sip:', '<im:')) },
  // RFC 3261 25.1: nothing may stand between "<" and the addr-spec. The sip package reads the
  // From anyway, so the dialog and its tags are as usual; the ACK and BYE repeat the From as sent.
  'from-space-in-brackets': { requirement: 'RJ-01', description: 'the INVITE\'s From has a space after its "<" ("< sip:…>"), which name-addr does not allow', invite: (d) => void (d.headers.from = d.headers.from.replace('<', '< ')) },
  'no-im-feature-tag': { requirement: 'RJ-01', description: 'the Contact lacks +g.oma.sip-im', invite: (d) => void (d.headers.contact = dropParam(d.headers.contact, '+g.oma.sip-im')) },
  'no-accept-contact': { requirement: 'RJ-01', description: 'the INVITE has no Accept-Contact', invite: (d) => void delete d.headers['accept-contact'] },
  'malformed-header-line': {
    requirement: 'RJ-01',
    description: 'the INVITE carries a header line whose name has a space in it ("X-Note broken: …"), which is not a header line (RFC 3261 7.3)',
    invite: (d) => void (d.headers['X-Note broken'] = 'not a header name'),
  },
  'wrong-user-agent': { requirement: 'RJ-01', description: 'the User-Agent names only the product, not IM-client/OMA1.0', invite: (d) => void (d.headers['user-agent'] = d.headers['user-agent'].replace(/^IM-client\/\S+\s*/, '')) },
  // RJ-03: the SDP offer
  'no-sdp-body': {
    requirement: 'RJ-03',
    description: 'the INVITE has no body and no Content-Type',
    invite: (d) => {
      d.body = '';
      delete d.headers['content-type'];
    },
  },
  'sdp-as-text-plain': { requirement: 'RJ-03', description: 'the SDP offer goes out as Content-Type: text/plain', invite: (d) => void (d.headers['content-type'] = 'text/plain') },
  'no-session-name': { requirement: 'RJ-03', description: 'the offer has no s= line, which RFC 4566 5 makes mandatory', invite: (d) => void (d.body = editSdp(d.body, /^s=/)) },
  'malformed-timing': { requirement: 'RJ-03', description: 'the offer\'s timing line is t=0, not two times (RFC 4566 5.9)', invite: (d) => void (d.body = editSdp(d.body, /^t=/, () => 't=0')) },
  'audio-m-line': { requirement: 'RJ-03', description: 'the offer has m=audio <port> RTP/AVP 0 instead of m=message', invite: (d) => void (d.body = editSdp(d.body, /^m=message /, (l) => l.replace(/^m=message (\d+) .*$/, 'm=audio $1 RTP/AVP 0'))) },
  // The client then has no own path to open its MSRP session with: it logs that and goes on.
  'no-msrp-path': { requirement: 'RJ-03', description: 'the MSRP media has no a=path (RFC 4975 8.1)', invite: (d) => void (d.body = editSdp(d.body, /^a=path:/)) },
  'no-accept-types': { requirement: 'RJ-03', description: 'the offer has no a=accept-types', invite: (d) => void (d.body = editSdp(d.body, /^a=accept-types:/)) },
  'msrp-port-zero': { requirement: 'RJ-03', description: 'the MSRP m= line has port 0', invite: (d) => void (d.body = editSdp(d.body, /^m=message /, (l) => l.replace(/^m=message \d+/, 'm=message 0'))) },
  'no-connection-line': { requirement: 'RJ-03', description: 'the offer has no c= line anywhere', invite: (d) => void (d.body = editSdp(d.body, /^c=/)) },
  // Over TLS (IM_TRANSPORT=tls) the offer goes back to plain MSRP, consistently: m= line, a=path
  // and no fingerprint, so only TLS's own sub-check can see it. Over UDP or TCP it changes nothing.
  'msrp-plain-over-tls': {
    requirement: 'RJ-03',
    description: 'with SIP over TLS, the offer is TCP/MSRP with an msrp: path: the MSRP session would not be protected (RFC 4975 14.1)',
    invite: (d) => {
      d.body = asTcpMsrp(d.body);
      d.body = editSdp(d.body, /^a=path:/, (l) => l.replace(/msrps:\/\//gi, 'msrp://'));
      d.body = editSdp(d.body, /^a=fingerprint:/);
    },
  },
  // The answer then names the plain port (TCP/MSRP), which the client connects to by its scheme.
  'msrps-path-with-tcp-proto': {
    requirement: 'RJ-03',
    description: 'the offer\'s m= line says TCP/MSRP but its a=path holds an msrps: URI (RFC 4975 14.1: msrps: goes with TCP/TLS/MSRP)',
    invite: (d) => {
      d.body = asTcpMsrp(d.body);
      d.body = editSdp(d.body, /^a=path:/, (l) => l.replace(/msrp:\/\//gi, 'msrps://'));
    },
  },
  // RJ-04: through the SIP/IP Core
  'bypass-proxy': {
    requirement: 'RJ-04',
    description: 'no pre-loaded Route: the INVITE goes straight to the Request-URI\'s host (never sent for a host that does not resolve)',
    invite: (d) => void delete d.headers.route,
  },
  // The Route is right, the next hop is not: RJ-04's via-sip-ip-core alone sees it (at the IM
  // Server's own address; a ".invalid" conference never resolves, so those scenarios get nothing).
  'route-but-past-proxy': {
    requirement: 'RJ-04',
    description: 'the INVITE carries the pre-loaded Route to the outbound proxy but is sent straight to the Request-URI\'s host',
    sendsPastProxy: true,
  },
  'route-without-lr': {
    requirement: 'RJ-04',
    description: 'the INVITE goes to the outbound proxy, but its Route names the proxy without lr (a strict router)',
    invite: (d) => void (d.headers.route = d.headers.route.replace(/;lr(?=[;>])/i, '')),
  },
  // Strict routing's Request-URI with loose routing's Route: the Request-URI can only be the
  // proxy by not being the conference, so RJ-02 FAILs too.
  'request-uri-is-proxy': {
    requirement: 'RJ-04',
    description: 'the INVITE\'s Request-URI is the outbound proxy\'s URI (as for a strict router); the Route still pre-loads the proxy with lr',
    invite: (d) => void (d.requestUri = d.headers.route.replace(/^<|>$/g, '')),
  },
  // Over TLS (RJ-01, RJ-04): each switch changes nothing over UDP or TCP.
  'via-tcp-over-tls': {
    requirement: 'RJ-01',
    description: 'over TLS the INVITE\'s top Via says SIP/2.0/TCP (RFC 3261 18.1.1: the transport that carries it)',
    inviteViaTransport: 'TCP',
  },
  'contact-tcp-over-tls': {
    requirement: 'RJ-01',
    description: 'over TLS the INVITE\'s Contact says transport=tcp: a Contact the IM Server could only reach in the clear',
    invite: (d) => void (d.headers.contact = d.headers.contact.replace(/;transport=tls(?=[;>])/i, ';transport=tcp')),
  },
  'route-sips-over-tls': {
    requirement: 'RJ-04',
    // The Contact turns sips: with it, as RFC 3261 8.1.1.8 asks after a sips: Route: only the Route's scheme differs from the configuration.
    description: 'over TLS the pre-loaded Route names the outbound proxy as sips:… instead of the configured sip:…;transport=tls (and the Contact is sips: to match)',
    invite: (d) => {
      if (!/;transport=tls/i.test(d.headers.route)) return;
      d.headers.route = d.headers.route.replace(/^<sip:([^;>]*);transport=tls/i, '<sips:$1');
      d.headers.contact = d.headers.contact.replace(/^<sip:([^;>]*);transport=tls/i, '<sips:$1');
    },
  },
  'no-client-certificate': {
    requirement: 'RJ-01',
    description: 'over TLS the client presents no certificate, though its profile declares mutual TLS (ics.tlsClientCertificate)',
    withholdsCertificate: true,
  },
  // The handshake faults stop the exchange before any SIP: INCONC, not FAIL (test/conformance/tls-handshake.test.ts).
  'tls-untrusting': { requirement: 'RJ-01', description: 'the client does not trust IM_TLS_CA, so it refuses the test bed\'s certificate', tlsHandshake: 'untrusting' },
  'tls-1.1-only': { requirement: 'RJ-01', description: 'the client offers only TLS 1.0 and 1.1, which RFC 8996 retires', tlsHandshake: 'tls-1.1' },
  'tls-plaintext': { requirement: 'RJ-01', description: 'the client writes its SIP in the clear to the TLS port', tlsHandshake: 'plaintext' },
  // RB-02: the INVITE retransmitted over UDP (Timer A)
  'no-invite-retransmission': { requirement: 'RB-02', description: 'over UDP the INVITE goes out once: no Timer A retransmission when no answer comes', omits: 'invite-retransmission' },
  // RJ-05: the ACK of the 2xx
  'no-ack': { requirement: 'RJ-05', description: 'the client never ACKs a 2xx', omits: 'ack' },
  'ack-once': { requirement: 'RJ-05', description: 'the client ACKs the first 2xx but none of its retransmissions', omits: 'ack-retransmission' },
  'ack-ignores-route-set': {
    requirement: 'RJ-05',
    description: "the ACK's Route is the outbound proxy alone: the 200 OK's Record-Route set is ignored (RFC 3261 12.2.1.1)",
    ack: (d) => void (d.headers.route = proxyOnly(d.headers.route)),
  },
  'ack-to-request-uri': { requirement: 'RJ-05', description: 'the ACK goes to the INVITE\'s Request-URI, not to the 200 OK\'s Contact', ack: (d, c) => void (d.requestUri = c.conference) },
  // The CSeq number stays the INVITE's, so the test bed still takes it for the ACK it waits for.
  'ack-cseq-invite': { requirement: 'RJ-05', description: 'the ACK\'s CSeq names the method INVITE, not ACK (RFC 3261 13.2.2.4)', ack: (d) => void (d.headers.cseq = d.headers.cseq.replace(/ACK$/, 'INVITE')) },
  // The suite still knows the ACK by the 2xx's To tag (support/exchange.ts acksOf); the test bed does not, and keeps retransmitting.
  'ack-other-call-id': { requirement: 'RJ-05', description: 'the ACK of the 2xx carries another Call-ID than the dialog\'s (RFC 3261 12.2.1.1)', ack: (d) => void (d.headers['call-id'] = `other-${d.headers['call-id']}`) },
  'ack-without-to-tag': { requirement: 'RJ-05', description: 'the ACK\'s To lacks the 2xx\'s tag (RFC 3261 12.2.1.1)', ack: (d) => void (d.headers.to = dropTag(d.headers.to)) },
  'ack-reuses-invite-branch': { requirement: 'RJ-05', description: 'the ACK of the 2xx reuses the INVITE\'s branch, as only the ACK of a non-2xx may (RFC 3261 17.1.1.3)', ack: (d, c) => void (d.branch = c.inviteBranch) },
  // RJ-06: the stored Allow
  'ignore-allow': { requirement: 'RJ-06', description: 'the client subscribes even when the 200 OK\'s Allow lacks SUBSCRIBE', ignoresAllow: true },
  'state-allow-short': { requirement: 'RJ-06', description: 'the state reply leaves out the last method of the kept Allow', state: (s) => ({ ...s, allow: s.allow && s.allow.slice(0, -1) }) },
  // RJ-07: the stored IM Session Identity
  'bye-to-request-uri': { requirement: 'RJ-07', description: 'the BYE goes to the INVITE\'s Request-URI, not to the 200 OK\'s Contact', bye: (d, c) => void (d.requestUri = c.conference) },
  // Outside every dialog: a Call-ID of its own and no To tag, so only the port it comes from ties
  // it to the client (the test bed must judge it, not take it for an earlier client's stray).
  'bye-out-of-dialog': {
    requirement: 'RJ-07',
    description: "the BYE is built from scratch: the INVITE's Request-URI, a Call-ID of its own, no To tag",
    bye: (d, c) => {
      d.requestUri = c.conference;
      d.headers['call-id'] = `fresh-${d.headers['call-id']}`;
      d.headers.to = dropTag(d.headers.to);
    },
  },
  'bye-ignores-route-set': {
    requirement: 'RJ-07',
    description: "the BYE's Route is the outbound proxy alone: the 200 OK's Record-Route set is ignored (RFC 3261 12.2.1.1)",
    bye: (d) => void (d.headers.route = proxyOnly(d.headers.route)),
  },
  'subscribe-to-request-uri': { requirement: 'RJ-07', description: 'the SUBSCRIBE goes to the INVITE\'s Request-URI, not to the 200 OK\'s Contact', subscribe: (d, c) => void (d.requestUri = c.conference) },
  'state-forgets-session-identity': { requirement: 'RJ-07', description: 'the state reply says no IM Session Identity is kept, while the session is up', state: (s) => ({ ...s, sessionIdentity: null }) },
  // RJ-08: the conference state subscription
  'subscribe-without-event': { requirement: 'RJ-08', description: 'the SUBSCRIBE has no Event header', subscribe: (d) => void delete d.headers.event },
  'subscribe-without-accept': { requirement: 'RJ-08', description: 'the SUBSCRIBE has no Accept header', subscribe: (d) => void delete d.headers.accept },
  'subscribe-without-expires': { requirement: 'RJ-08', description: 'the SUBSCRIBE (and its un-SUBSCRIBE) has no Expires header', subscribe: (d) => void delete d.headers.expires },
  // Idempotent, so the un-SUBSCRIBE (whose To adds the tag the 200 OK echoed) carries it once.
  'subscribe-with-to-tag': { requirement: 'RJ-08', description: 'the SUBSCRIBE\'s To carries a tag, as a request inside an existing dialog would', subscribe: (d) => void (d.headers.to = `${dropTag(d.headers.to)};tag=not-new`) },
  'subscribe-contact-not-sip': { requirement: 'RJ-08', description: 'the SUBSCRIBE\'s Contact holds an im: URI, not a SIP URI (RFC 6665 4.1.2.1)', subscribe: (d) => void (d.headers.contact = d.headers.contact.replace('<sip:', '<im:')) },
  'reject-notify': { requirement: 'RJ-08', description: 'the client answers the conference NOTIFY with 489 Bad Event', notifyStatus: 489 },
  'no-subscribe': { requirement: 'RJ-08', description: 'the client never subscribes, though its subscription is on', omits: 'subscribe' },
  // RJ-09: IMS session set-up (IM_SIP_CORE=ims). The first Route entry is RJ-04's preloaded-route
  // too, the P-CSCF being the outbound proxy: route-without-lr proves ims-route-to-pcscf.
  'no-p-preferred-identity': { requirement: 'RJ-09', description: 'over an IMS core, the INVITE has no P-Preferred-Identity', invite: (d) => void delete d.headers['p-preferred-identity'] },
  'no-icsi': {
    requirement: 'RJ-09',
    description: 'over an IMS core, neither the Contact nor the Accept-Contact carries the ICSI',
    invite: (d) => {
      d.headers.contact = dropIcsi(d.headers.contact);
      d.headers['accept-contact'] = dropIcsi(d.headers['accept-contact']);
    },
  },
  'no-access-network-info': { requirement: 'RJ-09', description: 'over an IMS core, the INVITE has no P-Access-Network-Info', invite: (d) => void delete d.headers['p-access-network-info'] },
};

/** The names of all fault switches. */
export const FAULT_SWITCHES: readonly string[] = Object.freeze(Object.keys(FAULTS));

export class UnknownFaultError extends Error {
  constructor(readonly fault: string) {
    super(`unknown fault switch "${fault}" (known: ${FAULT_SWITCHES.join(', ') || 'none'})`);
    this.name = 'UnknownFaultError';
  }
}

/** The switches that are on, applied in the order they were named. */
export class ActiveFaults {
  private readonly switches: { name: string; fault: FaultSwitch }[];

  constructor(names: readonly string[] = []) {
    this.switches = [...new Set(names)].map((name) => {
      const fault = Object.prototype.hasOwnProperty.call(FAULTS, name) ? FAULTS[name] : undefined;
      if (!fault) throw new UnknownFaultError(name);
      return { name, fault };
    });
  }

  /** Parses the IM_CLIENT_FAULTS text: comma-separated names, white space ignored, empty = none. */
  static parse(text: string | undefined): ActiveFaults {
    return new ActiveFaults(
      (text ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    );
  }

  get names(): string[] {
    return this.switches.map((s) => s.name);
  }

  apply(hook: Hook, draft: RequestDraft, context: FaultContext): void {
    for (const { fault } of this.switches) fault[hook]?.(draft, context);
  }

  /** Whether a switch that is on makes the client leave this out. */
  omits(what: Omission): boolean {
    return this.switches.some(({ fault }) => fault.omits === what);
  }

  get ignoresAllow(): boolean {
    return this.switches.some(({ fault }) => fault.ignoresAllow === true);
  }

  get inviteViaTransport(): string | undefined {
    return this.switches.find(({ fault }) => fault.inviteViaTransport !== undefined)?.fault.inviteViaTransport;
  }

  get tlsHandshake(): TlsHandshakeFault | undefined {
    return this.switches.find(({ fault }) => fault.tlsHandshake !== undefined)?.fault.tlsHandshake;
  }

  /** Whether the client keeps its certificate to itself (fault switch no-client-certificate). */
  get withholdsCertificate(): boolean {
    return this.switches.some(({ fault }) => fault.withholdsCertificate === true);
  }

  get sendsPastProxy(): boolean {
    return this.switches.some(({ fault }) => fault.sendsPastProxy === true);
  }

  /** The upper tester's `state` reply as the switches that are on make it. */
  state(state: ClientState): ClientState {
    return this.switches.reduce((s, { fault }) => fault.state?.(s) ?? s, state);
  }

  /** The status a switch makes the client answer a NOTIFY with, if any. */
  get notifyStatus(): number | undefined {
    return this.switches.find(({ fault }) => fault.notifyStatus !== undefined)?.fault.notifyStatus;
  }
}
