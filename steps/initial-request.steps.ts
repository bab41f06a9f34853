import { Then } from '@cucumber/cucumber';
import { OMA_IM_CHECKS } from '../support/checks/initial-request';
import { checkCall } from '../support/checks/registry';
import type { ConformanceWorld } from '../support/world';

// RJ-01: the rejoin INVITE is an initial request built by 7.1.1.1 and RFC 3261 8.1.1.

Then('the INVITE is an initial request as RFC 3261 section 8.1.1 builds it', async function (this: ConformanceWorld) {
  // The OMA specifics of 7.1.1.1 have scenarios of their own, one per sub-check.
  const call = checkCall('initial-request', await this.rejoinInvite(), { clientCertificateDeclared: this.profile.ics.tlsClientCertificate });
  this.judge({ ...call, except: Object.keys(OMA_IM_CHECKS) });
});

Then('the INVITE passes the sub-check {string}', async function (this: ConformanceWorld, check: string) {
  this.judge({ ...checkCall('initial-request', await this.rejoinInvite(), { clientCertificateDeclared: this.profile.ics.tlsClientCertificate }), only: check });
});
