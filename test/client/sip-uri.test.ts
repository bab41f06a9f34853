import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasParam, splitSipUri, userPart, withHost, withLr } from '../../client/sip-uri';

test('sip uri: split keeps every part as written', () => {
  assert.deepEqual(splitSipUri('sip:team%20chat@Conference.Example.invalid:5062;transport=tcp;session=im?subject=x'), {
    scheme: 'sip',
    userinfo: 'team%20chat',
    host: 'Conference.Example.invalid',
    port: 5062,
    params: ';transport=tcp;session=im',
    headers: '?subject=x',
  });
  assert.equal(splitSipUri('sip:127.0.0.1:40123;lr')?.host, '127.0.0.1');
  assert.equal(splitSipUri('sips:[::1]:5061')?.host, '[::1]');
});

test('sip uri: not a SIP URI', () => {
  for (const bad of ['tel:+123', 'sip:', 'sip:a b@x', '<sip:a@x>', 'sip:a@x:0', 'sip:@x', 'sip:a@x:99999']) assert.equal(splitSipUri(bad), undefined, bad);
});

test('sip uri: withHost replaces only the host', () => {
  assert.equal(withHost('sip:team%20chat@conference.example.invalid', 'wrong-conference.invalid'), 'sip:team%20chat@wrong-conference.invalid');
  assert.equal(withHost('sip:conf-7@conference.example.invalid:5062;transport=tcp', 'h.invalid'), 'sip:conf-7@h.invalid:5062;transport=tcp');
});

test('sip uri: user part, parameters and ;lr', () => {
  assert.equal(userPart('sip:alice:secret@example.invalid'), 'alice');
  assert.equal(userPart('sip:example.invalid'), undefined);
  assert.ok(hasParam('sip:p;LR', 'lr'));
  assert.ok(!hasParam('sip:p;lrx', 'lr'));
  assert.equal(withLr('sip:127.0.0.1:5060;transport=udp'), 'sip:127.0.0.1:5060;transport=udp;lr');
  assert.equal(withLr('sip:127.0.0.1;lr;transport=udp'), 'sip:127.0.0.1;lr;transport=udp');
  assert.equal(withLr('sip:p.invalid?x=y'), 'sip:p.invalid;lr?x=y');
});
