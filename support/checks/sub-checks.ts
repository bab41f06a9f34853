import { CATALOGUE } from '../requirements';
import { ACK_CHECKS } from './ack-of-2xx';
import { EARLY_NOTIFY_CHECKS } from './early-notify';
import { ERROR_ANSWER_CHECKS } from './error-answers';
import { INVITE_RETRANSMISSION_CHECKS } from './invite-retransmission';
import { OK_RETRANSMITTED_CHECKS } from './ok-retransmitted';
import { REDIRECT_CHECKS } from './redirect';
import { UNUSUAL_OK_CHECKS } from './unusual-ok';
import { ALLOW_CHECKS } from './allow-kept';
import { CONFERENCE_STATE_CHECKS } from './conference-subscription';
import { IMS_SETUP_CHECKS } from './ims-session';
import { OMA_IM_CHECKS, RFC3261_CHECKS, TLS_CHECKS } from './initial-request';
import { SDP_OFFER_CHECKS, TLS_OFFER_CHECKS } from './msrp-offer';
import { REQUEST_URI_CHECKS } from './request-uri';
import { SESSION_IDENTITY_CHECKS } from './session-identity-kept';
import { OUTBOUND_ROUTE_CHECKS, TLS_ROUTE_CHECKS } from './outbound-proxy';

/**
 * The sub-checks of each requirement: every (requirement, check) pair a check can put in a
 * finding, and so every pair a SUT profile's waiver may name. Built from the check modules' own
 * name lists, so a name added there is here too; test/checks/sub-checks.test.ts runs every check
 * and fails on a pair this catalogue lacks (or lists but no check emits).
 */

export const SUB_CHECKS: Readonly<Record<string, readonly string[]>> = {
  // The TLS_ ones are judged only on an INVITE that came over TLS.
  'RJ-01': [...RFC3261_CHECKS, ...Object.keys(OMA_IM_CHECKS), ...TLS_CHECKS],
  'RJ-02': REQUEST_URI_CHECKS,
  'RJ-03': [...SDP_OFFER_CHECKS, ...TLS_OFFER_CHECKS],
  'RJ-04': [...OUTBOUND_ROUTE_CHECKS, ...TLS_ROUTE_CHECKS],
  'RJ-05': ACK_CHECKS,
  'RJ-06': ALLOW_CHECKS,
  'RJ-07': SESSION_IDENTITY_CHECKS,
  'RJ-08': CONFERENCE_STATE_CHECKS,
  'RJ-09': IMS_SETUP_CHECKS,
  'RB-01': ERROR_ANSWER_CHECKS,
  'RB-02': INVITE_RETRANSMISSION_CHECKS,
  'RB-03': REDIRECT_CHECKS,
  // The same rule as RJ-05's ack-each-retransmission, judged over TCP: a sub-check of its own.
  'RB-04': OK_RETRANSMITTED_CHECKS,
  'RB-05': UNUSUAL_OK_CHECKS,
  'RB-06': EARLY_NOTIFY_CHECKS,
};

/**
 * What the World itself records, not a check: "test-bed" (INCONC, the scenario could not judge)
 * and "applicability" (N/A from the ICS). Neither is a rule of the clause, so neither is waivable.
 */
export const TEST_BED_CHECKS = ['test-bed', 'applicability'] as const;

/** The sub-check names of a requirement, or undefined for an id outside the catalogue. */
export function subChecksOf(requirement: string): readonly string[] | undefined {
  return Object.hasOwn(SUB_CHECKS, requirement) ? SUB_CHECKS[requirement] : undefined;
}

export function isSubCheck(requirement: string, check: string): boolean {
  return subChecksOf(requirement)?.includes(check) ?? false;
}

/** The requirements that have a sub-check of this name (ack-each-retransmission: RJ-05 and RB-04). */
export function requirementsOfSubCheck(check: string): string[] {
  return CATALOGUE.map((r) => r.id).filter((id) => isSubCheck(id, check));
}

/** The findings whose (requirement, check) pair the catalogue lacks: a defect of the suite. */
export function uncataloguedPairs(findings: ReadonlyArray<{ requirement: string; check: string }>): string[] {
  return [...new Set(findings.filter((f) => !isSubCheck(f.requirement, f.check)).map((f) => `${f.requirement} ${f.check}`))];
}

/**
 * Why findings cannot be judged, when a (requirement, check) pair of theirs is not in the
 * catalogue: such a pair could not be waived, a defect of the suite, not of the client. The run
 * (support/scenario/judge.ts) and rejudge refuse it alike.
 */
export function uncataloguedProblem(findings: ReadonlyArray<{ requirement: string; check: string }>): string | undefined {
  const pairs = uncataloguedPairs(findings);
  return pairs.length > 0 ? `test-bed error: a check gave sub-check(s) support/checks/sub-checks.ts does not list: ${pairs.join(', ')}` : undefined;
}
