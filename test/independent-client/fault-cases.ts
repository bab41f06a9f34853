import type { FAULTS } from './faults';

/**
 * What each wire-level fault of the independent client must do to the suite's verdicts: the
 * table test/conformance/independent-client.test.ts asserts end to end (one suite run per case)
 * and test/conformance/sub-check-proofs.test.ts reads to see that every sub-check of the
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
  /** Per changed id, the sub-checks that must FAIL (verdict.json findings): exactly these, unless `atLeast`. */
  failing: Record<string, string[]>;
  atLeast?: boolean;
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
  // No MSRP media: every MSRP rule of RJ-03 has nothing to judge, msrp-media names the m=audio line.
  'audio-only-offer': { fault: 'audio-only-offer', profile: 'both', changed: ['RJ-03'], failing: { 'RJ-03': ['msrp-media'] }, atLeast: true },
  // A softphone with chat: m=audio, then m=message. Correct: nothing may change.
  'audio-and-msrp-offer': { fault: 'audio-and-msrp-offer', profile: 'both', changed: [], failing: {} },
  // Compact header names (RFC 3261 7.3.3; "a" for Accept-Contact is RFC 3841 section 13.2.2): correct, nothing may change.
  'compact-headers': { fault: 'compact-headers', profile: 'both', changed: [], failing: {} },
};
