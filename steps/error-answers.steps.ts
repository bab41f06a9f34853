import { Then } from '@cucumber/cucumber';
import { checkErrorAnswerHandled } from '../support/checks/error-answers';
import type { ConformanceWorld } from '../support/world';

// RB-01: an error answer is acknowledged and ends the attempt.

Then('the client acknowledges the failure and sends nothing more to the conference', async function (this: ConformanceWorld) {
  this.judge(checkErrorAnswerHandled(await this.settledExchange()));
});
