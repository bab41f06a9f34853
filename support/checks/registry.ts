import type { Finding } from '../verdict';
import { checkAckOf2xx } from './ack-of-2xx';
import { checkAllowedMethods } from './allow-kept';
import { checkConferenceState, checkSubscriptionSent } from './conference-subscription';
import { checkEarlyNotifyAccepted } from './early-notify';
import { checkErrorAnswerHandled } from './error-answers';
import { checkImsSetup } from './ims-session';
import { checkInitialRequest } from './initial-request';
import { checkInviteRetransmission, checkLostInviteRecovered } from './invite-retransmission';
import { checkMsrpOffer } from './msrp-offer';
import { checkOkRetransmitted } from './ok-retransmitted';
import { checkViaSipIpCore } from './outbound-proxy';
import { checkRedirectHandled } from './redirect';
import { checkRequestUri } from './request-uri';
import { checkSessionIdentity } from './session-identity-kept';
import { checkSessionSetUpAnyway } from './unusual-ok';

/**
 * Every check a step may judge with, by a name that never changes: a step names the check and
 * its inputs (a CheckCall), the Judge runs it and the evidence keeps the call, so
 * `npm run rejudge` can run the same check on the same recorded messages months later.
 */
export const CHECKS = {
  'ack-of-2xx': checkAckOf2xx,
  'allowed-methods': checkAllowedMethods,
  'subscription-sent': checkSubscriptionSent,
  'conference-state': checkConferenceState,
  'early-notify-accepted': checkEarlyNotifyAccepted,
  'error-answer-handled': checkErrorAnswerHandled,
  'ims-setup': checkImsSetup,
  'initial-request': checkInitialRequest,
  'invite-retransmission': checkInviteRetransmission,
  'lost-invite-recovered': checkLostInviteRecovered,
  'msrp-offer': checkMsrpOffer,
  'ok-retransmitted': checkOkRetransmitted,
  'via-sip-ip-core': checkViaSipIpCore,
  'redirect-handled': checkRedirectHandled,
  'request-uri': checkRequestUri,
  'session-identity': checkSessionIdentity,
  'session-set-up-anyway': checkSessionSetUpAnyway,
} as const;

export type CheckName = keyof typeof CHECKS;

/** One check run on its inputs; `only` keeps one sub-check's findings, `except` drops some. */
export interface CheckCall {
  check: CheckName;
  args: readonly unknown[];
  only?: string;
  except?: readonly string[];
}

/** A call of `check` on `args`, typed against the check's own parameters. */
export function checkCall<K extends CheckName>(check: K, ...args: Parameters<(typeof CHECKS)[K]>): CheckCall {
  return { check, args };
}

export function isCheckName(name: string): name is CheckName {
  return Object.hasOwn(CHECKS, name);
}

/** The findings of a call: the check's, narrowed by `only` / `except`. A sub-check `only` names that the check did not give is a defect of the feature. */
export function runCheckCall(call: CheckCall): Finding[] {
  const run = CHECKS[call.check] as (...args: readonly unknown[]) => Finding[];
  const findings = run(...call.args);
  if (call.only !== undefined) {
    const own = findings.filter((f) => f.check === call.only);
    if (own.length === 0) throw new Error(`test-bed error: no sub-check "${call.only}" (known: ${[...new Set(findings.map((f) => f.check))].join(', ')})`);
    return own;
  }
  return call.except ? findings.filter((f) => !call.except!.includes(f.check)) : findings;
}
