import { Then } from '@cucumber/cucumber';
import { checkRedirectHandled } from '../support/checks/redirect';
import type { ConformanceWorld } from '../support/world';

// RB-03: a redirect is followed once or reported, never looped.

Then('the client acknowledges the redirect and does not loop', async function (this: ConformanceWorld) {
  const { invite, final, acks, later } = await this.settledExchange();
  this.judge(checkRedirectHandled({ invite, redirect: final, acks, later }));
});
