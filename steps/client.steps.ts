import { Given, When } from '@cucumber/cucumber';
import type { Transport } from '../support/sip/recorded-message';
import type { ConformanceWorld } from '../support/world';

Given('the client reaches its SIP\\/IP Core over {transport}', function (this: ConformanceWorld, transport: Transport) {
  if (!this.profile.ics.transports.includes(transport)) {
    return this.notApplicable(`the client does not declare ${transport.toUpperCase()} (ics.transports)`);
  }
  this.transport = transport;
});

When('the user asks the client to rejoin {string}', async function (this: ConformanceWorld, conference: string) {
  await this.askToRejoin(conference);
});
