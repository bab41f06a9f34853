import { Then } from '@cucumber/cucumber';
import { checkCall } from '../support/checks/registry';
import type { ConformanceWorld } from '../support/world';

// RJ-08: the client may subscribe to the conference state event package.

Then('the client subscribes to the conference state of the IM Session Identity', async function (this: ConformanceWorld) {
  const invite = await this.rejoinInvite();
  const ok = await this.okTo(invite);
  const subscribe = await this.requestFromClient('SUBSCRIBE', ok.seq);
  const sent = checkCall('subscription-sent', subscribe, this.profile.ixit.eventTimeoutMs);
  if (!subscribe) return this.judge(sent);
  const notify = await this.notifyAnswer(subscribe);
  this.judge(sent, checkCall('conference-state', { invite, ok, subscribe, notify: notify && { response: notify.response } }));
});
