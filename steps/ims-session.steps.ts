import { Then } from '@cucumber/cucumber';
import { checkCall } from '../support/checks/registry';
import type { ConformanceWorld } from '../support/world';

// RJ-09: over a 3GPP IMS core, the rejoin follows TS 24.229 session set-up.

Then('the INVITE follows IMS session set-up', async function (this: ConformanceWorld) {
  const ims = this.profile.ixit.ims ?? { accessNetworkInfo: false };
  this.judge(checkCall('ims-setup', await this.rejoinInvite(), { pcscfUri: this.outboundProxy().uri, icsi: ims.icsi, accessNetworkInfo: ims.accessNetworkInfo }));
});
