import { Given } from '@cucumber/cucumber';
import type { ConformanceWorld } from '../support/world';

// How the scripted IM Server answers: the Gherkin says it, support/im-server does it.

const methods = (list: string): string[] => list.split(',').map((m) => m.trim()).filter((m) => m.length > 0);

Given('the IM Server hosts the conference {string}', function (this: ConformanceWorld, conference: string) {
  this.conference = conference;
});

Given('the IM Server hosts the conference {string} at its own address, apart from the SIP\\/IP Core', async function (this: ConformanceWorld, user: string) {
  await this.hostConferenceAtImServer(user);
});

Given("the IM Server's 200 OK allows {string} on one line", function (this: ConformanceWorld, allow: string) {
  Object.assign(this.script, { allow: methods(allow), allowSplit: false });
});

Given("the IM Server's 200 OK allows {string} one method per line", function (this: ConformanceWorld, allow: string) {
  Object.assign(this.script, { allow: methods(allow), allowSplit: true });
});

Given("the IM Server's 200 OK has no Allow header", function (this: ConformanceWorld) {
  this.script.allow = null;
});

Given("the IM Server's 200 OK gives the Contact {string}", function (this: ConformanceWorld, contact: string) {
  Object.assign(this.script, { contactUri: contact, isfocus: true });
});

Given("the IM Server's 200 OK gives the Contact {string} without isfocus", function (this: ConformanceWorld, contact: string) {
  Object.assign(this.script, { contactUri: contact, isfocus: false });
});

Given("the IM Server's side of the network Record-Routes too", function (this: ConformanceWorld) {
  this.script.imServerRecordRoutes = true;
});

Given('the IM Server answers the INVITE with {int}', function (this: ConformanceWorld, status: number) {
  this.script.status = status;
});

Given('the IM Server never answers the INVITE', function (this: ConformanceWorld) {
  this.script.silent = true;
});

Given('the IM Server redirects the INVITE to {string}', function (this: ConformanceWorld, target: string) {
  Object.assign(this.script, { status: 302, contactUri: target, laterInvites: { status: 200 } });
});

Given("the client's first INVITE is lost on the way", function (this: ConformanceWorld) {
  this.script.loseFirstInvite = true;
});

Given("the client's first ACK is lost on the way", function (this: ConformanceWorld) {
  this.script.dropFirstAck = true;
});

Given('the IM Server sends its NOTIFY before the 200 OK to the SUBSCRIBE', function (this: ConformanceWorld) {
  this.script.notify = 'before-200';
});
