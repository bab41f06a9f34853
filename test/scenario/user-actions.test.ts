import assert from 'node:assert/strict';
import { test } from 'node:test';
import { quietWindowMs, rejoinReplyBoundMs } from '../../support/scenario/user-actions';
import type { SutProfile } from '../../support/sut/sut-profile';

const ixit = (t1Ms: number): SutProfile['ixit'] => ({ userUri: 'sip:alice@example.invalid', localHost: '127.0.0.2', localHost6: '::1', inviteTimeoutMs: 5000, eventTimeoutMs: 2000, t1Ms });

test('the bounds scale with the client\'s T1: the rejoin reply waits out Timer B (64·T1), the quiet window two round trips (2·T1)', () => {
  assert.equal(rejoinReplyBoundMs(ixit(500)), 5000 + 32_000 + 2000);
  assert.equal(rejoinReplyBoundMs(ixit(50)), 5000 + 3200 + 2000);
  assert.equal(quietWindowMs(ixit(500)), 1000);
  assert.equal(quietWindowMs(ixit(50)), 100);
});
