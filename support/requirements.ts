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
}

export const SUITE_CLAUSE = '7.1.1.9';
export const SUITE_CLAUSE_TITLE = 'IM Client rejoins an IM Conference Session';

export const CATALOGUE: readonly Requirement[] = [
  { id: 'RJ-01', name: 'initial-request', strength: 'SHALL', clause: '7.1.1.9', title: 'The INVITE is an initial request built per 7.1.1.1' },
  { id: 'RJ-02', name: 'request-uri', strength: 'SHALL', clause: '7.1.1.9', title: "The Request-URI is the conference's IM Session Identity" },
  { id: 'RJ-03', name: 'msrp-offer', strength: 'SHALL', clause: '7.1.1.9', title: 'The INVITE carries an SDP offer for an MSRP session' },
  { id: 'RJ-04', name: 'outbound-proxy', strength: 'SHALL', clause: '7.1.1.9', title: 'The INVITE is sent towards the IM Server through the SIP/IP Core' },
  { id: 'RJ-05', name: 'ack-of-2xx', strength: 'SHALL', clause: '7.1.1.9', title: 'The client completes session set-up: it ACKs the 2xx' },
  { id: 'RJ-06', name: 'allow-kept', strength: 'SHALL', clause: '7.1.1.9', title: 'The client keeps the methods of the Allow header of the 200 OK' },
  { id: 'RJ-07', name: 'session-identity-kept', strength: 'SHALL', clause: '7.1.1.9', title: 'The client keeps the IM Session Identity from the Contact of the 200 OK' },
  { id: 'RJ-08', name: 'conference-subscription', strength: 'MAY', clause: '7.1.1.12', title: 'The client subscribes to the conference state event package' },
  { id: 'RJ-09', name: 'ims-session', strength: 'COND', clause: '7.1.1.9', title: 'Over a 3GPP/3GPP2 IMS SIP/IP Core, IMS session establishment per TS 24.229' },
  { id: 'RB-01', name: 'error-answers', strength: 'RB', clause: '7.1.1.9', title: 'Error responses from the IM Server' },
  { id: 'RB-02', name: 'invite-retransmission', strength: 'RB', clause: '7.1.1.9', title: 'The IM Server never answers' },
  { id: 'RB-03', name: 'redirect', strength: 'RB', clause: '7.1.1.9', title: 'The IM Server redirects with 3xx' },
  { id: 'RB-04', name: 'ok-retransmitted', strength: 'RB', clause: '7.1.1.9', title: 'The 200 OK is retransmitted' },
  { id: 'RB-05', name: 'unusual-ok', strength: 'RB', clause: '7.1.1.9', title: '200 OK without Allow, or Contact without isfocus' },
  { id: 'RB-06', name: 'early-notify', strength: 'RB', clause: '7.1.1.9', title: 'NOTIFY before the 200 OK to the SUBSCRIBE' },
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
