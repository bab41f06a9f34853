import { Then } from '@cucumber/cucumber';
import { checkCall } from '../support/checks/registry';
import type { ConformanceWorld } from '../support/world';

// RB-04: a 200 OK retransmitted over TCP, because the ACK was lost beyond the first hop, is acknowledged again.

Then('the client acknowledges every copy of the 200 OK it received', async function (this: ConformanceWorld) {
  const invite = await this.rejoinInvite();
  const acks = await this.acksFor(invite, 2);
  this.judge(checkCall('ok-retransmitted', { finals: await this.finalsTo(invite), acks }));
});
