import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ScenarioSetup } from '../../support/scenario/scenario-setup';

test('the Givens write the script freely until the test bed starts; freeze() gives what it starts with', () => {
  const setup = new ScenarioSetup('udp');
  setup.script.status = 486;
  Object.assign(setup.script, { allow: ['INVITE', 'ACK'], allowSplit: true });
  setup.transport = 'tcp';
  setup.conference = 'sip:conf-1@conference.example.invalid';
  const frozen = setup.freeze();
  assert.deepEqual(frozen, { status: 486, allow: ['INVITE', 'ACK'], allowSplit: true });
  assert.ok(Object.isFrozen(frozen));
  assert.equal(setup.transport, 'tcp');
});

test('a Given after the test bed started fails loudly, naming the step, and changes nothing', () => {
  const setup = new ScenarioSetup('udp');
  setup.script.allow = null;
  setup.freeze();
  setup.step = 'the IM Server answers the INVITE with 486';
  const named = /test-bed error: the step "the IM Server answers the INVITE with 486" changes the IM Server's script \(status\) after the test bed started/;
  assert.throws(() => (setup.script.status = 486), named);
  assert.throws(() => Object.assign(setup.script, { status: 486 }), named);
  assert.throws(() => delete setup.script.allow, /changes the IM Server's script \(allow\)/);
  assert.throws(() => (setup.transport = 'tcp'), /changes the transport after the test bed started/);
  assert.throws(() => (setup.conference = 'sip:late@conference.example.invalid'), /changes the conference after the test bed started/);
  assert.deepEqual({ ...setup.script }, { allow: null });
  assert.equal(setup.transport, 'udp');
});
