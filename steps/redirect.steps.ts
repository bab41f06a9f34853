import { Then } from '@cucumber/cucumber';
import { checkCall } from '../support/checks/registry';
import type { ConformanceWorld } from '../support/world';

// RB-03: a redirect is followed once or reported, never looped.

Then('the client acknowledges the redirect and does not loop', async function (this: ConformanceWorld) {
  const { invite, final, acks, later } = await this.settledExchange();
  this.judge(checkCall('redirect-handled', { invite, redirect: final, acks, later }));
});
