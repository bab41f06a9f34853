import { Then } from '@cucumber/cucumber';
import { checkViaSipIpCore } from '../support/checks/outbound-proxy';
import type { ConformanceWorld } from '../support/world';

// RJ-04: the INVITE goes towards the IM Server through the SIP/IP Core.

Then('the INVITE reaches the IM Server through the SIP\\/IP Core', async function (this: ConformanceWorld) {
  this.judge(checkViaSipIpCore(await this.rejoinInvite(), this.outboundProxy()));
});
