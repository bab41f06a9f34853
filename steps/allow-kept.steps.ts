import { Then } from '@cucumber/cucumber';
import { requestsAfter } from '../support/exchange';
import { checkCall } from '../support/checks/registry';
import type { ConformanceWorld } from '../support/world';

// RJ-06: the client keeps the methods of the 200 OK's Allow.

Then('the client sends no request whose method the 200 OK did not allow', async function (this: ConformanceWorld) {
  const invite = await this.rejoinInvite();
  const ok = await this.okTo(invite);
  const state = this.stateBeforeLeave ? { allow: this.stateBeforeLeave.allow } : undefined;
  this.judge(checkCall('allowed-methods', { ok, later: requestsAfter(this.trace, ok, invite), state }));
});
