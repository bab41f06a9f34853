import { Then } from '@cucumber/cucumber';
import { checkConferenceState, checkSubscriptionSent } from '../support/checks/conference-subscription';
import type { ConformanceWorld } from '../support/world';

// RJ-08: the client may subscribe to the conference state event package.

Then('the client subscribes to the conference state of the IM Session Identity', async function (this: ConformanceWorld) {
  const invite = await this.rejoinInvite();
  const ok = await this.okTo(invite);
  const subscribe = await this.requestFromClient('SUBSCRIBE', ok.seq);
  const sent = checkSubscriptionSent(subscribe, this.profile.ixit.eventTimeoutMs);
  if (!subscribe) return this.judge(sent);
  const notify = await this.notifyAnswer(subscribe);
  this.judge([...sent, ...checkConferenceState({ invite, ok, subscribe, notify: notify && { response: notify.response } })]);
});
