import { Given, When } from '@cucumber/cucumber';
import { ipv6Unavailable } from '../support/net/ipv6-loopback';
import type { IpVersion, Transport } from '../support/sip/recorded-message';
import type { ConformanceWorld } from '../support/world';

// What the client declares (its SUT profile) and what its user does.

Given('the client reaches its SIP\\/IP Core over {transport}', function (this: ConformanceWorld, transport: Transport) {
  return reach(this, transport, '4');
});

Given('the client reaches its SIP\\/IP Core over {transport} on {ipVersion}', function (this: ConformanceWorld, transport: Transport, ipVersion: IpVersion) {
  return reach(this, transport, ipVersion);
});

async function reach(world: ConformanceWorld, transport: Transport, ipVersion: IpVersion): Promise<'skipped' | undefined> {
  if (!world.profile.ics.transports.includes(transport)) {
    return world.notApplicable(`the client does not declare ${transport.toUpperCase()} (ics.transports)`);
  }
  if (!world.profile.ics.ipVersions.includes(ipVersion)) {
    return world.notApplicable(`the client does not declare IPv${ipVersion} (ics.ipVersions)`);
  }
  const unavailable = ipVersion === '6' ? await ipv6Unavailable(world.profile.testBed.host6) : undefined;
  if (unavailable) return world.notApplicable(unavailable);
  world.transport = transport;
  world.ipVersion = ipVersion;
  return undefined;
}

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
