import { Given } from '@cucumber/cucumber';
import type { ConformanceWorld } from '../support/world';

Given('the IM Server hosts the conference {string}', function (this: ConformanceWorld, conference: string) {
  this.conference = conference;
});
