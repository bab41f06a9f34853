import { Then } from '@cucumber/cucumber';
import { checkCall } from '../support/checks/registry';
import type { ConformanceWorld } from '../support/world';

// RJ-04: the INVITE goes towards the IM Server through the SIP/IP Core.

Then('the INVITE reaches the IM Server through the SIP\\/IP Core', async function (this: ConformanceWorld) {
  this.judge(checkCall('via-sip-ip-core', await this.rejoinInvite(), this.outboundProxy()));
});
