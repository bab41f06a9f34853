import { Then } from '@cucumber/cucumber';
import { laterRequests } from '../support/exchange';
import { checkCall } from '../support/checks/registry';
import type { ConformanceWorld } from '../support/world';

// RJ-07: the client keeps the IM Session Identity from the 200 OK's Contact.

Then('every later request of the session targets the Contact of the 200 OK', async function (this: ConformanceWorld) {
  const invite = await this.rejoinInvite();
  const ok = await this.okTo(invite);
  const state = this.stateBeforeLeave ? { sessionIdentity: this.stateBeforeLeave.sessionIdentity } : undefined;
  this.judge(checkCall('session-identity', { ok, later: laterRequests(this.trace, ok, invite), state, outboundProxy: this.outboundProxy().uri }));
});
