import type { FAULTS } from './faults';

/**
 * What each wire-level fault of the independent client must do to the suite's verdicts: the
 * table test/conformance/independent-client.test.ts asserts end to end (one suite run per case)
 * and test/checks/sub-check-proofs.test.ts reads to see that every sub-check of the
 * catalogue has a fault that FAILs it. No tests here.
 */

export const PROFILES = {
  both: 'test/data/profiles/independent.json',
  udp: 'test/data/profiles/independent-udp.json',
  tcp: 'test/data/profiles/independent-tcp.json',
} as const;
export type Profile = keyof typeof PROFILES;

export interface Case {
  fault: keyof typeof FAULTS;
  profile: Profile;
  /** The requirement ids whose verdict must differ from the clean run of the same profile (each then FAILs). */
  changed: string[];
  /** Per changed id, the sub-checks that must FAIL (verdict.json findings): exactly these. */
  failing: Record<string, string[]>;
}

export const CASES: Record<string, Case> = {
  // Over UDP the datagram holds three bytes past the declared length (RFC 3261 18.3 drops them);
  // the body as declared is still a whole MSRP offer, so only the length is wrong.
  'content-length-chars over UDP': { fault: 'content-length-chars', profile: 'udp', changed: ['RJ-01'], failing: { 'RJ-01': ['content-length'] } },
  // Over TCP the three bytes ("k\r\n") sit between the INVITE and the ACK on the stream.
  'content-length-chars over TCP': { fault: 'content-length-chars', profile: 'tcp', changed: ['RJ-01'], failing: { 'RJ-01': ['content-length'] } },
  'ignore-route-set': {
    fault: 'ignore-route-set',
    profile: 'both',
    changed: ['RJ-05', 'RJ-07'],
    failing: { 'RJ-05': ['ack-route-set'], 'RJ-07': ['later-requests-route-set'] },
  },
  // No MSRP media: msrp-media FAILs, naming the m=audio line; the MSRP rules have nothing to read (INCONC).
  'audio-only-offer': { fault: 'audio-only-offer', profile: 'both', changed: ['RJ-03'], failing: { 'RJ-03': ['msrp-media'] } },
  // A softphone with chat: m=audio, then m=message. Correct: nothing may change.
  'audio-and-msrp-offer': { fault: 'audio-and-msrp-offer', profile: 'both', changed: [], failing: {} },
  // Compact header names (RFC 3261 7.3.3; "a" for Accept-Contact is RFC 3841 section 13.2.2): correct, nothing may change.
  'compact-headers': { fault: 'compact-headers', profile: 'both', changed: [], failing: {} },

  // The robustness faults: each reacts to what only its RB-* scenarios send (the robustness
  // cases run over UDP, RB-04 over TCP), so no other verdict may change. RB-* never gates: the
  // exit code stays 0.
  // An error answer's ACK in a branch of its own: not in the INVITE's transaction.
  'error-ack-new-branch': { fault: 'error-ack-new-branch', profile: 'both', changed: ['RB-01'], failing: { 'RB-01': ['non2xx-ack'] } },
  // The INVITE once more after the error answer: a request after the attempt ended.
  'retry-after-error': { fault: 'retry-after-error', profile: 'both', changed: ['RB-01'], failing: { 'RB-01': ['no-further-requests'] } },
  // Copies at T1, 2·T1, 3·T1: the third gap is 3·T1 short of Timer A's 4·T1.
  'timer-a-fixed': { fault: 'timer-a-fixed', profile: 'both', changed: ['RB-02'], failing: { 'RB-02': ['timer-a-doubling'] } },
  // The copy that the lost-INVITE scenario answers has a branch the client no longer matches: its
  // 2xx is never ACKed. The copy is still one (same Call-ID and CSeq), so lost-invite-retransmitted
  // and the no-answer scenario pass; elsewhere the test bed answers before T1 and nothing is copied.
  'retransmit-new-branch': { fault: 'retransmit-new-branch', profile: 'both', changed: ['RB-02'], failing: { 'RB-02': ['session-set-up-after-loss'] } },
  'redirect-no-ack': { fault: 'redirect-no-ack', profile: 'both', changed: ['RB-03'], failing: { 'RB-03': ['redirect-ack'] } },
  // Followed once, but to the old Request-URI instead of the 302's Contact.
  'redirect-to-request-uri': { fault: 'redirect-to-request-uri', profile: 'both', changed: ['RB-03'], failing: { 'RB-03': ['no-redirect-loop'] } },
  // Over TCP only the first 2xx is ACKed: RB-04's copy (its first ACK "lost") is not. RJ-05 sees
  // no copy over TCP (its ACK comes at once) and judges its copies over UDP.
  'tcp-ack-once': { fault: 'tcp-ack-once', profile: 'both', changed: ['RB-04'], failing: { 'RB-04': ['ack-each-retransmission'] } },
  // No ACK at all over TCP: RJ-05's TCP example has no ACK to judge past ack-sent (the rest is
  // INCONC there, and its UDP examples pass). RB-04, a 2xx over TCP, necessarily FAILs too.
  'tcp-no-ack': { fault: 'tcp-no-ack', profile: 'both', changed: ['RJ-05', 'RB-04'], failing: { 'RJ-05': ['ack-sent'], 'RB-04': ['ack-each-retransmission'] } },
  // No RJ-* scenario's 200 OK lacks Allow or isfocus (RJ-06 leaves that case to RB-05).
  'unusual-ok-no-ack': { fault: 'unusual-ok-no-ack', profile: 'both', changed: ['RB-05'], failing: { 'RB-05': ['session-established'] } },
  'unusual-ok-bye': { fault: 'unusual-ok-bye', profile: 'both', changed: ['RB-05'], failing: { 'RB-05': ['no-immediate-bye'] } },
};
