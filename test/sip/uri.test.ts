import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareSipUris, expandIpv6, hostPort, parseSipUri, sameAddress, SipUriError, uriFromNameAddr } from '../../support/sip/sip-uri';

const compare = (a: string, b: string) => compareSipUris(parseSipUri(a), parseSipUri(b));

// RFC 3261 section 19.1.4, its own examples.
for (const [a, b] of [
  ['sip:%61lice@atlanta.com;transport=TCP', 'sip:alice@AtLanTa.CoM;Transport=tcp'],
  ['sip:carol@chicago.com', 'sip:carol@chicago.com;newparam=5'],
  ['sip:carol@chicago.com', 'sip:carol@chicago.com;security=on'],
  ['sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com', 'sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com'],
  ['sip:alice@atlanta.com?subject=project%20x&priority=urgent', 'sip:alice@atlanta.com?priority=urgent&subject=project%20x'],
]) {
  test(`equal by RFC 3261 19.1.4: ${a} and ${b}`, () => {
    assert.deepEqual(compare(a, b), { equal: true, reason: '' });
    assert.equal(compare(b, a).equal, true);
  });
}

for (const [a, b, why] of [
  ['SIP:ALICE@AtLanTa.CoM;Transport=udp', 'sip:alice@AtLanTa.CoM;Transport=UDP', /user part/],
  ['sip:bob@biloxi.com', 'sip:bob@biloxi.com:5060', /port/],
  ['sip:bob@biloxi.com', 'sip:bob@biloxi.com;transport=udp', /transport/],
  ['sip:bob@biloxi.com', 'sip:bob@biloxi.com:6000;transport=tcp', /port/],
  ['sip:carol@chicago.com', 'sip:carol@chicago.com?Subject=next%20meeting', /header/],
  ['sip:bob@phone21.boxesbybob.com', 'sip:bob@192.0.2.4', /host/],
  ['sip:bob@biloxi.com', 'sips:bob@biloxi.com', /scheme/],
  ['sip:bob@biloxi.com', 'sip:bob@biloxi.com;maddr=239.255.255.1', /maddr/],
  ['sip:biloxi.com', 'sip:bob@biloxi.com', /user part/],
] as const) {
  test(`not equal by RFC 3261 19.1.4: ${a} and ${b}, and the reason says why`, () => {
    const result = compare(a, b);
    assert.equal(result.equal, false);
    assert.match(result.reason, why);
  });
}

test('an escaped character that is reserved stays different from the character itself', () => {
  assert.equal(compare('sip:a%40b@h', 'sip:a%40b@h').equal, true);
  assert.equal(compare('sip:team%20chat@h', 'sip:team%20chat@H').equal, true);
});

for (const [text, why] of [
  ['tel:+123', /scheme is "tel"/],
  ['sip:', /not a valid SIP URI/],
  ['sip:a b@c', /white space/],
  ['sip:@host', /empty user/],
  ['sip:a@host:70000', /70000/],
] as const) {
  test(`"${text}" is not a SIP URI, and the error says why`, () => {
    assert.throws(() => parseSipUri(text), (e: unknown) => e instanceof SipUriError && why.test(e.message));
  });
}

test('an IPv6 host keeps its brackets and the port after it', () => {
  const uri = parseSipUri('sip:alice@[2001:db8::1]:5070;transport=tcp');
  assert.equal(uri.host, '[2001:db8::1]');
  assert.equal(uri.port, 5070);
  assert.deepEqual(uri.params, [['transport', 'tcp']]);
});

test('the URI of a name-addr or addr-spec header value', () => {
  assert.equal(uriFromNameAddr('"Bob" <sip:b@x;lr>;tag=1'), 'sip:b@x;lr');
  assert.equal(uriFromNameAddr('sip:b@x;tag=1'), 'sip:b@x');
});

// RFC 5954: IPv6 references compare as the addresses they hold.
for (const [a, b] of [
  ['sip:alice@[::1]:5060;transport=tcp', 'sip:alice@[0:0:0:0:0:0:0:1]:5060;transport=TCP'],
  ['sip:[2001:DB8::9:1]', 'sip:[2001:db8:0:0:0:0:9:1]'],
  ['sip:bob@[::ffff:127.0.0.1]', 'sip:bob@[::ffff:7f00:1]'],
]) {
  test(`equal IPv6 references (RFC 5954): ${a} and ${b}`, () => {
    assert.deepEqual(compare(a, b), { equal: true, reason: '' });
  });
}

for (const [a, b] of [
  ['sip:alice@[::1]', 'sip:alice@[::2]'],
  ['sip:alice@[::ffff:127.0.0.1]', 'sip:alice@127.0.0.1'],
  ['sip:alice@[::1]', 'sip:alice@localhost'],
]) {
  test(`different hosts: ${a} and ${b}`, () => {
    assert.match(compare(a, b).reason, /hosts differ/);
  });
}

for (const [text, why] of [
  ['sip:alice@::1', /IPv6 address in a SIP URI is written in brackets.*IPv6reference/],
  ['sip:alice@2001:db8::1:5060;transport=tcp', /in brackets/],
  ['sip:2001:db8::1', /in brackets/],
  ['sip:alice@[::g]', /no IPv6 address/],
  ['sip:alice@[1:2:3]:5060', /no IPv6 address/],
] as const) {
  test(`"${text}" is refused with the reason (${why.source})`, () => {
    assert.throws(() => parseSipUri(text), (e: unknown) => e instanceof SipUriError && why.test(e.message));
  });
}

test('expandIpv6 writes the eight groups; anything else is no IPv6 address', () => {
  assert.equal(expandIpv6('::1'), '0000:0000:0000:0000:0000:0000:0000:0001');
  assert.equal(expandIpv6('2001:db8::'), '2001:0db8:0000:0000:0000:0000:0000:0000');
  assert.equal(expandIpv6('::ffff:127.0.0.1'), '0000:0000:0000:0000:0000:ffff:7f00:0001');
  assert.equal(expandIpv6('127.0.0.1'), undefined);
  assert.equal(expandIpv6('fe80::1%eth0'), undefined);
});

test('sameAddress: socket addresses as Node reports them, IPv4-mapped as IPv4', () => {
  assert.ok(sameAddress('::1', '[0:0:0:0:0:0:0:1]'));
  assert.ok(sameAddress('::ffff:127.0.0.1', '127.0.0.1'));
  assert.ok(!sameAddress('::1', '127.0.0.1'));
  assert.ok(!sameAddress('127.0.0.1', '127.0.0.2'));
});

test('hostPort brackets an IPv6 address only', () => {
  assert.equal(hostPort('::1', 5061), '[::1]:5061');
  assert.equal(hostPort('127.0.0.1', 5061), '127.0.0.1:5061');
});
