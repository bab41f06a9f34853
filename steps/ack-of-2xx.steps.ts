import { Then } from '@cucumber/cucumber';
import { checkCall } from '../support/checks/registry';
import type { ConformanceWorld } from '../support/world';

// RJ-05: the client acknowledges the 200 OK, and every retransmission of it.

Then('the client acknowledges the 200 OK', async function (this: ConformanceWorld) {
  const invite = await this.rejoinInvite();
  const acks = await this.acksFor(invite);
  this.judge(checkCall('ack-of-2xx', { invite, finals: await this.finalsTo(invite), acks, outboundProxy: this.outboundProxy().uri, trace: this.trace }));
});

Then('the client acknowledges every retransmission of the 200 OK', async function (this: ConformanceWorld) {
  const invite = await this.rejoinInvite();
  const acks = await this.acksFor(invite, 2);
  this.judge(checkCall('ack-of-2xx', { invite, finals: await this.finalsTo(invite), acks, outboundProxy: this.outboundProxy().uri, trace: this.trace }));
});
