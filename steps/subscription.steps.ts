import { Then } from '@cucumber/cucumber';
import { checkConferenceState, checkSubscriptionSent } from '../support/checks/conference-state';
import { checkEarlyNotifyAccepted } from '../support/checks/robustness-cases';
import type { ConformanceWorld } from '../support/world';

// The conference state subscription (RJ-08) and a NOTIFY that overtakes its 200 OK (RB-06).

Then('the client subscribes to the conference state of the IM Session Identity', async function (this: ConformanceWorld) {
  const invite = await this.rejoinInvite();
  const ok = await this.okTo(invite);
  const subscribe = await this.requestFromClient('SUBSCRIBE', ok.seq);
  const sent = checkSubscriptionSent(subscribe, this.profile.ixit.eventTimeoutMs);
  if (!subscribe) return this.judge(sent);
  const notify = await this.notifyAnswer(subscribe);
  this.judge([...sent, ...checkConferenceState({ invite, ok, subscribe, notify: notify && { response: notify.response } })]);
});

Then('the client accepts the NOTIFY that came before the 200 OK', async function (this: ConformanceWorld) {
  const invite = await this.rejoinInvite();
  const subscribe = await this.requestFromClient('SUBSCRIBE', invite.seq);
  if (!subscribe) this.inconclusive(`the client sent no SUBSCRIBE within ${this.profile.ixit.eventTimeoutMs} ms, so no NOTIFY could overtake its 200 OK`);
  const notify = await this.notifyAnswer(subscribe);
  if (!notify) this.inconclusive('the test bed sent no NOTIFY');
  this.judge(checkEarlyNotifyAccepted({ notify: notify.notify, response: notify.response }));
});
