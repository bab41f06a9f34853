import { Then } from '@cucumber/cucumber';
import { checkOkRetransmitted } from '../support/checks/ok-retransmitted';
import type { ConformanceWorld } from '../support/world';

// RB-04: a 200 OK retransmitted over TCP, because the ACK was lost beyond the first hop, is acknowledged again.

Then('the client acknowledges every copy of the 200 OK it received', async function (this: ConformanceWorld) {
  const invite = await this.rejoinInvite();
  const acks = await this.acksFor(invite, 2);
  this.judge(checkOkRetransmitted({ finals: await this.finalsTo(invite), acks }));
});
