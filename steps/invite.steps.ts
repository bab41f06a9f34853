import { Then } from '@cucumber/cucumber';
import { checkImsSetup } from '../support/checks/ims-setup';
import { checkInitialRequest, OMA_IM_CHECKS } from '../support/checks/initial-request';
import { checkMsrpOffer } from '../support/checks/msrp-offer';
import { checkRequestUri } from '../support/checks/request-uri';
import { checkViaSipIpCore } from '../support/checks/via-sip-ip-core';
import type { ConformanceWorld } from '../support/world';

// What the rejoin INVITE must be: each step hands the recorded INVITE to one check.

Then('the INVITE is an initial request as RFC 3261 section 8.1.1 builds it', async function (this: ConformanceWorld) {
  // The OMA specifics of 7.1.1.1 have scenarios of their own, one per sub-check.
  this.judge(checkInitialRequest(await this.rejoinInvite()).filter((f) => !(f.check in OMA_IM_CHECKS)));
});

Then('the INVITE passes the sub-check {string}', async function (this: ConformanceWorld, check: string) {
  this.judge(this.onlyCheck(checkInitialRequest(await this.rejoinInvite()), check));
});

Then("the INVITE's Request-URI is the IM Session Identity {string}", async function (this: ConformanceWorld, conference: string) {
  this.judge(checkRequestUri(await this.rejoinInvite(), conference));
});

Then('the INVITE carries an SDP offer for an MSRP session', async function (this: ConformanceWorld) {
  this.judge(checkMsrpOffer(await this.rejoinInvite()));
});

Then('the INVITE reaches the IM Server through the SIP\\/IP Core', async function (this: ConformanceWorld) {
  this.judge(checkViaSipIpCore(await this.rejoinInvite(), this.outboundProxy()));
});

Then('the INVITE follows IMS session set-up', async function (this: ConformanceWorld) {
  const ims = this.profile.ixit.ims ?? { accessNetworkInfo: false };
  this.judge(checkImsSetup(await this.rejoinInvite(), { pcscfUri: this.outboundProxy().uri, icsi: ims.icsi, accessNetworkInfo: ims.accessNetworkInfo }));
});
