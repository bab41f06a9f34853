import { Then } from '@cucumber/cucumber';
import { checkRequestUri } from '../support/checks/request-uri';
import type { ConformanceWorld } from '../support/world';

// RJ-02: the Request-URI is the conference's IM Session Identity.

Then("the INVITE's Request-URI is the IM Session Identity {string}", async function (this: ConformanceWorld, conference: string) {
  this.judge(checkRequestUri(await this.rejoinInvite(), conference));
});
