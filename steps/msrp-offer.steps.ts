import { Then } from '@cucumber/cucumber';
import { checkCall } from '../support/checks/registry';
import type { ConformanceWorld } from '../support/world';

// RJ-03: the INVITE's body is an SDP offer for an MSRP session.

Then('the INVITE carries an SDP offer for an MSRP session', async function (this: ConformanceWorld) {
  this.judge(checkCall('msrp-offer', await this.rejoinInvite()));
});
