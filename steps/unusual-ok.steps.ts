import { Then } from '@cucumber/cucumber';
import { checkCall } from '../support/checks/registry';
import type { ConformanceWorld } from '../support/world';

// RB-05: a 200 OK without Allow, or whose Contact lacks isfocus, still sets the session up.

Then('the session is set up all the same', async function (this: ConformanceWorld) {
  const { final, acks, later } = await this.settledExchange();
  this.judge(checkCall('session-set-up-anyway', { ok: final, acks, later }));
});
