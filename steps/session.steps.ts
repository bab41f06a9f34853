import { Then } from '@cucumber/cucumber';
import { checkAckOf2xx } from '../support/checks/ack-of-2xx';
import { checkAllowedMethods } from '../support/checks/allowed-methods';
import { checkSessionIdentity } from '../support/checks/session-identity';
import { laterRequests, requestsAfter } from '../support/exchange';
import type { ConformanceWorld } from '../support/world';

// What the client does with the 200 OK: acknowledge it, keep its Allow and its Contact.

Then('the client acknowledges the 200 OK', async function (this: ConformanceWorld) {
  const invite = await this.rejoinInvite();
  const acks = await this.acksFor(invite);
  this.judge(checkAckOf2xx({ invite, finals: await this.finalsTo(invite), acks, outboundProxy: this.outboundProxy().uri }));
});

Then('the client acknowledges every retransmission of the 200 OK', async function (this: ConformanceWorld) {
  const invite = await this.rejoinInvite();
  const acks = await this.acksFor(invite, 2);
  this.judge(checkAckOf2xx({ invite, finals: await this.finalsTo(invite), acks, outboundProxy: this.outboundProxy().uri }));
});

Then('the client sends no request whose method the 200 OK did not allow', async function (this: ConformanceWorld) {
  const invite = await this.rejoinInvite();
  const ok = await this.okTo(invite);
  const state = this.stateBeforeLeave ? { allow: this.stateBeforeLeave.allow } : undefined;
  this.judge(checkAllowedMethods({ ok, later: requestsAfter(this.trace, ok, invite), state }));
});

Then('every later request of the session targets the Contact of the 200 OK', async function (this: ConformanceWorld) {
  const invite = await this.rejoinInvite();
  const ok = await this.okTo(invite);
  const state = this.stateBeforeLeave ? { sessionIdentity: this.stateBeforeLeave.sessionIdentity } : undefined;
  this.judge(checkSessionIdentity({ ok, later: laterRequests(this.trace, ok, invite), state, outboundProxy: this.outboundProxy().uri }));
});
