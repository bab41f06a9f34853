import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { PROJECT_ROOT } from '../../support/project';
import { directImServerHost, inLoopbackNet, inLoopbackNetProfile, LOOPBACK_NET_VARIABLE, parseLoopbackNet } from '../../support/sut/loopback-net';
import { loadSutProfile } from '../../support/sut/sut-profile';

const reference = (): ReturnType<typeof loadSutProfile> => loadSutProfile(path.join(PROJECT_ROOT, 'suts', 'reference.json'));

test('a SUITE_LOOPBACK_NET value is three octets of 127/8', () => {
  assert.deepEqual(parseLoopbackNet('127.3.0'), { net: '127.3.0' });
  assert.deepEqual(parseLoopbackNet(' 127.03.0 '), { net: '127.3.0' });
  for (const bad of ['127.3', '127.3.0.1', '10.0.0', '127.256.0', '127.a.0', '']) {
    assert.ok('problem' in parseLoopbackNet(bad), bad);
  }
});

test('an IPv4 loopback address moves into the /24 keeping its last octet; others stay', () => {
  assert.equal(inLoopbackNet('127.0.0.2', '127.5.0'), '127.5.0.2');
  assert.equal(inLoopbackNet('127.0.1.4', '127.5.0'), '127.5.0.4');
  assert.equal(inLoopbackNet('::1', '127.5.0'), '::1');
  assert.equal(inLoopbackNet('192.0.2.7', '127.5.0'), '192.0.2.7');
});

test('the profile moves the test bed, the client and the direct IM Server together; interop keeps its own', () => {
  const moved = inLoopbackNetProfile(reference(), '127.9.0');
  assert.equal(moved.testBed.host, '127.9.0.1');
  assert.equal(moved.ixit.localHost, '127.9.0.2');
  assert.equal(moved.testBed.host6, '::1');
  assert.equal(directImServerHost(moved), '127.9.0.3');
  assert.equal(directImServerHost(reference()), '127.0.0.3', 'the default profile keeps the address the docs name');
  const interop = { ...reference(), interop: true, testBed: { ...reference().testBed, host: '192.0.2.1' } };
  assert.equal(inLoopbackNetProfile(interop, '127.9.0'), interop);
});

test('the direct IM Server takes a last octet neither the test bed nor the client has', () => {
  const p = reference();
  assert.equal(directImServerHost({ ...p, ixit: { ...p.ixit, localHost: '127.0.0.3' } }), '127.0.0.4');
});

test('loadSutProfile applies SUITE_LOOPBACK_NET and refuses a bad one naming the variable', (t) => {
  const before = process.env[LOOPBACK_NET_VARIABLE];
  t.after(() => (before === undefined ? delete process.env[LOOPBACK_NET_VARIABLE] : (process.env[LOOPBACK_NET_VARIABLE] = before)));
  process.env[LOOPBACK_NET_VARIABLE] = '127.4.0';
  assert.equal(reference().ixit.localHost, '127.4.0.2');
  process.env[LOOPBACK_NET_VARIABLE] = '10.4.0';
  assert.throws(reference, new RegExp(`${LOOPBACK_NET_VARIABLE}="10.4.0"`));
});
