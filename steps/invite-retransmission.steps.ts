import { Then } from '@cucumber/cucumber';
import { timerAObservation } from '../support/checks/invite-retransmission';
import { copiesOf, finalResponsesTo } from '../support/exchange';
import { checkCall } from '../support/checks/registry';
import type { ConformanceWorld } from '../support/world';

// RB-02: silence, or a lost INVITE, is met with INVITE retransmissions over UDP (Timer A).

Then('the client retransmits its INVITE as RFC 3261 Timer A says', async function (this: ConformanceWorld) {
  const invite = await this.rejoinInvite();
  const t1Ms = this.profile.ixit.t1Ms;
  const watch = timerAObservation(t1Ms, 'no-answer');
  await this.fromClient(() => copiesOf(this.trace, invite).length >= watch.copies, watch.windowMs);
  this.judge(checkCall('invite-retransmission', { invites: copiesOf(this.trace, invite), t1Ms, waitedMs: Date.now() - invite.at, observerLagMs: this.observerLagMs() }));
});

Then('the client sends the lost INVITE again and sets the session up on the copy', async function (this: ConformanceWorld) {
  const invite = await this.rejoinInvite();
  const t1Ms = this.profile.ixit.t1Ms;
  const watch = timerAObservation(t1Ms, 'lost-invite');
  await this.fromClient(() => copiesOf(this.trace, invite).length >= watch.copies, watch.windowMs);
  const copied = copiesOf(this.trace, invite).length >= watch.copies;
  const acks = copied ? await this.acksFor(invite) : [];
  const invites = copiesOf(this.trace, invite);
  this.judge(checkCall('lost-invite-recovered', { invites, finals: finalResponsesTo(this.trace, invite), acks, t1Ms, waitedMs: Date.now() - invite.at }));
});
