/**
 * The requirement catalogue of clause 7.1.1.9, in the one place code reads it from (the
 * project's spec digest, docs/requirements.md, explains each entry). Features tag scenarios with
 * these ids; reports list every id.
 */
export type Strength = 'SHALL' | 'MAY' | 'COND' | 'RB';

export interface Requirement {
  id: string;
  /**
   * The requirement's name, which its files share (test262's way): features/<part>/<name>.feature,
   * steps/<name>.steps.ts, support/checks/<name>.ts, test/checks/<name>.test.ts.
   */
  name: string;
  strength: Strength;
  /** The OMA SIMPLE IM clause the requirement comes from; a feature's @clause tag must say the same. */
  clause: string;
  title: string;
  /** What is required, in a sentence with its references: docs/requirements.md's table. */
  summary: string;
  /**
   * The sub-checks that encode a fact the suite is not sure of (docs/requirements.md, "Facts the
   * suite is not sure of"), and what they are: a lab may waive them (support/waivers.ts).
   */
  uncertain?: { what: string; checks: readonly string[] };
}

export const SUITE_CLAUSE = '7.1.1.9';
export const SUITE_CLAUSE_TITLE = 'IM Client rejoins an IM Conference Session';

export const CATALOGUE: readonly Requirement[] = [
  { id: 'RJ-01', name: 'initial-request', strength: 'SHALL', clause: '7.1.1.9', title: 'The INVITE is an initial request built per 7.1.1.1',
    summary: 'The INVITE is an initial request built per 7.1.1.1 and RFC 3261 8.1.1; its top Via names the transport it came over (18.1.1); over TLS, the certificate the client presents is valid (and trusted, with mutual TLS declared).',
    // contact-tls: over TLS, a Contact that asks for TLS (sips:, or sip: with ;transport=tls; RFC
    // 3261 19.1, 26.2.2, RFC 5630). RFC 3261 requires a sips: Contact only after a sips:
    // Request-URI or top Route (8.1.1.8, judged by contact-sip-uri); for a sip: conference it
    // says no more than that the IM Server reaches the Contact by RFC 3263, over UDP or TCP in the
    // clear unless the Contact asks for TLS. Uncertain, so waivable.
    uncertain: { what: 'OMA specifics, and the TLS Contact', checks: ['oma-im-feature-tag', 'oma-accept-contact', 'oma-user-agent', 'contact-tls'] } },
  { id: 'RJ-02', name: 'request-uri', strength: 'SHALL', clause: '7.1.1.9', title: "The Request-URI is the conference's IM Session Identity",
    summary: "The Request-URI is the conference's IM Session Identity (RFC 3261 19.1.4 equality)." },
  { id: 'RJ-03', name: 'msrp-offer', strength: 'SHALL', clause: '7.1.1.9', title: 'The INVITE carries an SDP offer for an MSRP session',
    summary: 'A MIME SDP body that is a valid offer for an MSRP session (RFC 3264, RFC 4566, RFC 4975); c= of the address type of its address (RFC 4566 5.7).',
    // msrp-tls-over-tls: an offer sent over TLS asks for TCP/TLS/MSRP with msrps: paths. The
    // clause says only "according to the MSRP specification"; RFC 4975 section 14 makes TLS
    // mandatory to implement and the way to keep the session (and the session-id of its path,
    // which lets a peer in) protected, but does not say that an offer sent over TLS MUST ask for
    // TLS. Reported as its own sub-check, waivable.
    uncertain: { what: 'MSRP over TLS inside a TLS-protected session', checks: ['msrp-tls-over-tls'] } },
  { id: 'RJ-04', name: 'outbound-proxy', strength: 'SHALL', clause: '7.1.1.9', title: 'The INVITE is sent towards the IM Server through the SIP/IP Core',
    summary: 'The INVITE goes towards the IM Server through the SIP/IP Core (pre-loaded Route to the outbound proxy, asking for TLS over TLS).',
    // route-scheme-as-configured: over TLS, preloaded-route lets sips:p stand for the configured
    // sip:p;transport=tls (the same hop over TLS; RFC 3261 26.2.2 deprecates transport=tls for
    // sips:). RFC 3261 19.1.4 never equates a sip and a sips URI, and a proxy recognising its
    // Route entry by URI (16.4) may miss a rewritten one: whether the client must keep the
    // configured scheme is not settled. Waivable.
    uncertain: { what: 'the configured scheme in the Route over TLS', checks: ['route-scheme-as-configured'] } },
  { id: 'RJ-05', name: 'ack-of-2xx', strength: 'SHALL', clause: '7.1.1.9', title: 'The client completes session set-up: it ACKs the 2xx',
    summary: "The client ACKs the 2xx (RFC 3261 13.2.2.4), by the dialog's route set (12.2.1.1), and every retransmission of it." },
  { id: 'RJ-06', name: 'allow-kept', strength: 'SHALL', clause: '7.1.1.9', title: 'The client keeps the methods of the Allow header of the 200 OK',
    summary: "The client keeps the methods of the 200 OK's Allow header; `state-allow` judges it where the client answers the upper tester's state." },
  { id: 'RJ-07', name: 'session-identity-kept', strength: 'SHALL', clause: '7.1.1.9', title: 'The client keeps the IM Session Identity from the Contact of the 200 OK',
    summary: "The client keeps the IM Session Identity from the 200 OK's Contact (RFC 4579); its in-dialog requests go there by the route set." },
  { id: 'RJ-08', name: 'conference-subscription', strength: 'MAY', clause: '7.1.1.12', title: 'The client subscribes to the conference state event package',
    summary: 'Subscription to the conference event package (7.1.1.12, RFC 4575, RFC 6665).' },
  { id: 'RJ-09', name: 'ims-session', strength: 'COND', clause: '7.1.1.9', title: 'Over a 3GPP/3GPP2 IMS SIP/IP Core, IMS session establishment per TS 24.229',
    summary: 'Over a 3GPP/3GPP2 IMS core, IMS session set-up per TS 24.229.', uncertain: { what: 'TS 24.229 items', checks: ['ims-preferred-identity', 'ims-route-to-pcscf', 'ims-icsi', 'ims-access-network-info'] } },
  { id: 'RB-01', name: 'error-answers', strength: 'RB', clause: '7.1.1.9', title: 'Error responses from the IM Server',
    summary: 'Error answers 403/404/480/486/488/503: ACKed in the transaction, nothing more sent.' },
  { id: 'RB-02', name: 'invite-retransmission', strength: 'RB', clause: '7.1.1.9', title: 'The IM Server never answers',
    summary: 'No answer: INVITE retransmitted over UDP at Timer A; a lost first INVITE is sent again and the session comes up on the copy.' },
  { id: 'RB-03', name: 'redirect', strength: 'RB', clause: '7.1.1.9', title: 'The IM Server redirects with 3xx',
    summary: '302: ACKed, followed once or reported, never looped.' },
  { id: 'RB-04', name: 'ok-retransmitted', strength: 'RB', clause: '7.1.1.9', title: 'The 200 OK is retransmitted over TCP because the ACK was lost',
    summary: '200 OK retransmitted over TCP because the ACK was lost beyond the first hop (RFC 3261 13.3.1.4): ACKed again. RJ-05 judges the UDP case.' },
  { id: 'RB-05', name: 'unusual-ok', strength: 'RB', clause: '7.1.1.9', title: '200 OK without Allow, or Contact without isfocus',
    summary: '200 OK without Allow, or Contact without `isfocus`: session set up anyway.' },
  { id: 'RB-06', name: 'early-notify', strength: 'RB', clause: '7.1.1.9', title: 'NOTIFY before the 200 OK to the SUBSCRIBE',
    summary: 'NOTIFY before the 200 OK to the SUBSCRIBE: accepted.' },
];

const byId = new Map(CATALOGUE.map((r) => [r.id, r]));

export function findRequirement(id: string): Requirement | undefined {
  return byId.get(id);
}

export function requirement(id: string): Requirement {
  const found = byId.get(id);
  if (!found) throw new Error(`unknown requirement id "${id}": not in support/requirements.ts`);
  return found;
}

/** SHALL, and COND where it applies, gate compliance; MAY and robustness never do. */
export function gatesCompliance(r: Requirement): boolean {
  return r.strength === 'SHALL' || r.strength === 'COND';
}

/** The requirement ids a scenario's tags name (`@req:RJ-02`). */
export function requirementIdsOf(tags: readonly string[]): string[] {
  return tags.filter((t) => t.startsWith('@req:')).map((t) => t.slice('@req:'.length));
}
