import { Then } from '@cucumber/cucumber';
import { checkSessionSetUpAnyway } from '../support/checks/unusual-ok';
import type { ConformanceWorld } from '../support/world';

// RB-05: a 200 OK without Allow, or whose Contact lacks isfocus, still sets the session up.

Then('the session is set up all the same', async function (this: ConformanceWorld) {
  const { final, acks, later } = await this.settledExchange();
  this.judge(checkSessionSetUpAnyway({ ok: final, acks, later }));
});
