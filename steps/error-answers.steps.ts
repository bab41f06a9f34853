import { Then } from '@cucumber/cucumber';
import { checkCall } from '../support/checks/registry';
import type { ConformanceWorld } from '../support/world';

// RB-01: an error answer is acknowledged and ends the attempt.

Then('the client acknowledges the failure and sends nothing more to the conference', async function (this: ConformanceWorld) {
  this.judge(checkCall('error-answer-handled', await this.settledExchange()));
});
