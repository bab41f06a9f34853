import { Given, When } from '@cucumber/cucumber';
import type { IpVersion, Transport } from '../support/sip/recorded-message';
import type { ConformanceWorld } from '../support/world';

// What the client declares (its SUT profile) and what its user does.

Given('the client reaches its SIP\\/IP Core over {transport}', function (this: ConformanceWorld, transport: Transport) {
  return this.reach(transport, '4');
});

Given('the client reaches its SIP\\/IP Core over {transport} on {ipVersion}', function (this: ConformanceWorld, transport: Transport, ipVersion: IpVersion) {
  return this.reach(transport, ipVersion);
});

// For a rule that does not depend on the transport: the first the client declares, so a client
// that declares only TLS, or only IPv6, is judged on it too.
Given('the client reaches its SIP\\/IP Core over a transport it declares', function (this: ConformanceWorld) {
  return this.reachDeclared();
});

Given('the client declares the conference state subscription', function (this: ConformanceWorld) {
  if (!this.profile.ics.conferenceSubscription) {
    return this.notApplicable('the client does not declare the conference state subscription (ics.conferenceSubscription)');
  }
});

Given("the client's SIP\\/IP Core is a 3GPP IMS core", function (this: ConformanceWorld) {
  if (this.profile.ics.sipIpCore !== 'ims') {
    return this.notApplicable(`the client declares a ${this.profile.ics.sipIpCore} SIP/IP Core, not an IMS one (ics.sipIpCore)`);
  }
});

When('the user asks the client to rejoin {string}', async function (this: ConformanceWorld, conference: string) {
  await this.askToRejoin(conference);
});

When('the user asks the client to rejoin that conference', async function (this: ConformanceWorld) {
  await this.askToRejoin(this.conference!);
});

When('the user asks the client to leave', async function (this: ConformanceWorld) {
  await this.leave();
});
