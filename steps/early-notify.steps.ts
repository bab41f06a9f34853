import { Then } from '@cucumber/cucumber';
import { checkCall } from '../support/checks/registry';
import type { ConformanceWorld } from '../support/world';

// RB-06: a NOTIFY that overtakes the 200 OK to its SUBSCRIBE is accepted.

Then('the client accepts the NOTIFY that came before the 200 OK', async function (this: ConformanceWorld) {
  const invite = await this.rejoinInvite();
  const subscribe = await this.requestFromClient('SUBSCRIBE', invite.seq);
  if (!subscribe) this.inconclusive(`the client sent no SUBSCRIBE within ${this.profile.ixit.eventTimeoutMs} ms, so no NOTIFY could overtake its 200 OK`);
  const notify = await this.notifyAnswer(subscribe);
  if (!notify) this.inconclusive('the test bed sent no NOTIFY');
  this.judge(checkCall('early-notify-accepted', { notify: notify.notify, response: notify.response }));
});
