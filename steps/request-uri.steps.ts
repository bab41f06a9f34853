import { Then } from '@cucumber/cucumber';
import { checkCall } from '../support/checks/registry';
import type { ConformanceWorld } from '../support/world';

// RJ-02: the Request-URI is the conference's IM Session Identity.

Then("the INVITE's Request-URI is the IM Session Identity {string}", async function (this: ConformanceWorld, conference: string) {
  this.judge(checkCall('request-uri', await this.rejoinInvite(), conference));
});
