import { Then } from '@cucumber/cucumber';
import { checkAckOfEveryRetransmission } from '../support/checks/ack-of-2xx';
import { checkErrorAnswerHandled, checkInviteRetransmission, checkLostInviteRecovered, checkRedirectHandled, checkSessionSetUpAnyway } from '../support/checks/robustness-cases';
import { copiesOf, finalResponsesTo } from '../support/exchange';
import type { ConformanceWorld } from '../support/world';

// Robustness (RB-*): reported apart, never gating.

Then('the client acknowledges the failure and sends nothing more to the conference', async function (this: ConformanceWorld) {
  this.judge(checkErrorAnswerHandled(await this.settledExchange()));
});

Then('the client retransmits its INVITE as RFC 3261 Timer A says', async function (this: ConformanceWorld) {
  const invite = await this.rejoinInvite();
  const t1 = this.profile.ixit.t1Ms;
  // Copies at 0, T1, 3·T1 and 7·T1: the wait ends at the fourth, or after 8·T1.
  const window = 8 * t1;
  await this.fromClient(() => copiesOf(this.trace, invite).length >= 4, window);
  this.judge(checkInviteRetransmission({ invites: copiesOf(this.trace, invite), transport: invite.transport, t1Ms: t1, waitedMs: Date.now() - invite.at }));
});

Then('the client sends the lost INVITE again and sets the session up on the copy', async function (this: ConformanceWorld) {
  const invite = await this.rejoinInvite();
  const t1 = this.profile.ixit.t1Ms;
  // The copy is due at T1; a client late by three more T1 has not retransmitted.
  await this.fromClient(() => copiesOf(this.trace, invite).length >= 2, 4 * t1);
  const copied = copiesOf(this.trace, invite).length >= 2;
  const acks = copied ? await this.acksFor(invite) : [];
  const invites = copiesOf(this.trace, invite);
  this.judge(checkLostInviteRecovered({ invites, finals: finalResponsesTo(this.trace, invite), acks, t1Ms: t1, waitedMs: Date.now() - invite.at }));
});

Then('the client acknowledges the redirect and does not loop', async function (this: ConformanceWorld) {
  const { invite, final, acks, later } = await this.settledExchange();
  this.judge(checkRedirectHandled({ invite, redirect: final, acks, later }));
});

Then('the client acknowledges every copy of the 200 OK it received', async function (this: ConformanceWorld) {
  const invite = await this.rejoinInvite();
  const acks = await this.acksFor(invite, 2);
  this.judge(checkAckOfEveryRetransmission('RB-04', await this.finalsTo(invite), acks));
});

Then('the session is set up all the same', async function (this: ConformanceWorld) {
  const { final, acks, later } = await this.settledExchange();
  this.judge(checkSessionSetUpAnyway({ ok: final, acks, later }));
});
