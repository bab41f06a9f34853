import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkViaSipIpCore, OUTBOUND_ROUTE_CHECKS, TLS_ROUTE_CHECKS } from '../../support/checks/outbound-proxy';
import { sameHop, tlsNamingOf } from '../../support/checks/uri-of';
import { CONFERENCE, invite, PROXY, recorded, setHeader } from '../helpers/messages';

const proxy = { uri: PROXY, host: '127.0.0.1', port: 5060, transport: 'udp' as const };
const failed = (findings: ReturnType<typeof checkViaSipIpCore>) => findings.filter((f) => f.verdict === 'FAIL').map((f) => f.check);

test('an INVITE sent to the outbound proxy with it as pre-loaded Route passes RJ-04', () => {
  const findings = checkViaSipIpCore(invite(), proxy);
  assert.deepEqual(findings.map((f) => f.check), [...OUTBOUND_ROUTE_CHECKS]);
  assert.deepEqual(failed(findings), []);
  // 19.1.4, not strings: case and parameter order do not matter.
  assert.deepEqual(failed(checkViaSipIpCore(invite(setHeader('Route', '<SIP:127.0.0.1:5060;lr;transport=UDP>')), proxy)), []);
});

test('an INVITE that arrived at the IM Server\'s own address FAILs via-sip-ip-core, naming both addresses', () => {
  const [f] = checkViaSipIpCore(invite(undefined, undefined, { to: { host: '127.0.0.3', port: 7000 } }), proxy);
  assert.equal(f.verdict, 'FAIL');
  assert.match(f.summary, /bypassed the SIP\/IP Core: it arrived at UDP 127\.0\.0\.3:7000, not at the outbound proxy UDP 127\.0\.0\.1:5060/);
});

for (const [what, route, why] of [
  ['no Route', undefined, /no Route header/],
  ['a Route without lr', '<sip:127.0.0.1:5060;transport=udp>', /lacks lr/],
  ['a Route to another proxy', '<sip:127.0.0.9:5060;transport=udp;lr>', /is not the outbound proxy/],
] as const) {
  test(`${what}: preloaded-route FAILs alone (${why.source})`, () => {
    const findings = checkViaSipIpCore(invite(setHeader('Route', route)), proxy);
    assert.deepEqual(failed(findings), ['preloaded-route']);
    assert.match(findings[1].summary, why);
  });
}

test('a Request-URI rewritten to the proxy (strict routing) FAILs request-uri-kept', () => {
  const strict = invite((l) => [`INVITE ${PROXY} SIP/2.0`, ...l.slice(1)]);
  assert.ok(failed(checkViaSipIpCore(strict, proxy)).includes('request-uri-kept'));
  assert.ok(!failed(checkViaSipIpCore(invite(), proxy)).includes('request-uri-kept'), CONFERENCE);
});

test('unparsable bytes at the proxy: where they arrived is judged, the rest is INCONC naming RJ-01, nothing thrown', () => {
  const findings = checkViaSipIpCore(recorded('xx'), proxy);
  assert.deepEqual(failed(findings), []);
  assert.deepEqual(findings.map((f) => f.verdict), ['PASS', 'INCONC', 'INCONC']);
});

test('a Route line that is malformed makes preloaded-route INCONC, not FAIL', () => {
  const text = invite().bytes.toString('utf8').replace(/^Route: /m, 'Route ');
  const findings = checkViaSipIpCore(recorded(text), proxy);
  assert.equal(findings.find((f) => f.check === 'preloaded-route')!.verdict, 'INCONC');
});

// Over TLS: the client reaches the proxy configured as sip:…;transport=tls over TLS.
const TLS_PROXY = { uri: 'sip:127.0.0.1:5061;transport=tls', host: '127.0.0.1', port: 5061, transport: 'tls' as const };
const overTls = (route: string | undefined, proxy = TLS_PROXY) =>
  checkViaSipIpCore(invite(setHeader('Route', route), undefined, { transport: 'tls', to: { host: '127.0.0.1', port: 5061 } }), proxy);
const verdictOf = (findings: ReturnType<typeof checkViaSipIpCore>, check: string) => findings.find((f) => f.check === check)?.verdict;

test('over TLS, a Route as configured (sip:;transport=tls) passes RJ-04, route-scheme-as-configured included', () => {
  const findings = overTls('<sip:127.0.0.1:5061;transport=tls;lr>');
  assert.deepEqual(findings.map((f) => f.check), [...OUTBOUND_ROUTE_CHECKS, ...TLS_ROUTE_CHECKS]);
  assert.deepEqual(failed(findings), []);
});

test('over TLS, a sips: Route where sip:;transport=tls is configured passes preloaded-route, saying so, and FAILs route-scheme-as-configured alone', () => {
  const findings = overTls('<sips:127.0.0.1:5061;lr>');
  assert.deepEqual(failed(findings), ['route-scheme-as-configured']);
  assert.match(findings.find((f) => f.check === 'preloaded-route')!.summary, /asks for TLS with sips: where the configured URI says ;transport=tls/);
  assert.match(findings.find((f) => f.check === 'route-scheme-as-configured')!.summary, /a sips: URI where the configured outbound proxy is the sip: URI .*19\.1\.4/);
  // And the other way round, a proxy configured sips:.
  assert.deepEqual(failed(overTls('<sip:127.0.0.1:5061;transport=tls;lr>', { ...TLS_PROXY, uri: 'sips:127.0.0.1:5061' })), ['route-scheme-as-configured']);
  assert.deepEqual(failed(overTls('<sips:127.0.0.1:5061;lr>', { ...TLS_PROXY, uri: 'sips:127.0.0.1:5061' })), []);
});

for (const [what, route, proxy, why] of [
  ['a Route asking for no TLS', '<sip:127.0.0.1:5061;lr>', { ...TLS_PROXY, uri: 'sip:127.0.0.1:5061' }, /came over TLS, but its first Route entry .* asks for no TLS/],
  ['a Route over TCP where TLS is configured', '<sip:127.0.0.1:5061;transport=tcp;lr>', TLS_PROXY, /asks for TLS \(;transport=tls\) and .* does not/],
  ['a sips: Route over UDP (sips: forbids it)', '<sips:127.0.0.1:5061;transport=udp;lr>', TLS_PROXY, /does not/],
] as const) {
  test(`over TLS, ${what}: preloaded-route FAILs, route-scheme-as-configured is INCONC behind it`, () => {
    const findings = overTls(route, proxy);
    assert.deepEqual(failed(findings), ['preloaded-route']);
    assert.match(findings.find((f) => f.check === 'preloaded-route')!.summary, why);
    assert.equal(verdictOf(findings, 'route-scheme-as-configured'), 'INCONC');
  });
}

test('over UDP and TCP there is no route-scheme-as-configured finding', () => {
  assert.equal(verdictOf(checkViaSipIpCore(invite(), proxy), 'route-scheme-as-configured'), undefined);
});

test('IPv6: the INVITE at the proxy\'s ::1 arrived there, [::1] in full in the Route too; the addresses are shown bracketed', () => {
  const v6proxy = { uri: 'sip:[::1]:5060;transport=udp', host: '::1', port: 5060, transport: 'udp' as const };
  const m = invite(setHeader('Route', '<sip:[0:0:0:0:0:0:0:1]:5060;transport=udp;lr>'), undefined, { to: { host: '::1', port: 5060 } });
  assert.deepEqual(failed(checkViaSipIpCore(m, v6proxy)), []);
  // A dual-stack socket reports an IPv4 peer's address as IPv4-mapped.
  assert.deepEqual(failed(checkViaSipIpCore(invite(undefined, undefined, { to: { host: '::ffff:127.0.0.1', port: 5060 } }), proxy)), []);
  const [f] = checkViaSipIpCore(invite(undefined, undefined, { to: { host: '::2', port: 5060 } }), v6proxy);
  assert.match(f.summary, /arrived at UDP \[::2\]:5060, not at the outbound proxy UDP \[::1\]:5060/);
  const unbracketed = checkViaSipIpCore(invite(setHeader('Route', '<sip:::1:5060;transport=udp;lr>'), undefined, { to: { host: '::1', port: 5060 } }), v6proxy);
  assert.deepEqual(failed(unbracketed), ['preloaded-route']);
  assert.match(unbracketed[1].summary, /written in brackets/);
});

test('sameHop: sips:p and sip:p;transport=tls are one hop; TLS and no TLS are not; otherwise RFC 3261 19.1.4', () => {
  assert.equal(sameHop('sips:p.example.invalid:5061;lr', 'sip:p.example.invalid:5061;transport=tls;lr').equal, true);
  assert.equal(sameHop('sips:p.example.invalid;transport=tcp', 'sips:p.example.invalid').equal, true);
  assert.match(sameHop('sips:p.example.invalid', 'sip:p.example.invalid').reason, /asks for TLS \(sips:\) and sip:p\.example\.invalid does not/);
  assert.match(sameHop('sips:p.example.invalid:5061', 'sip:p.example.invalid:5062;transport=tls').reason, /ports differ/);
  assert.equal(tlsNamingOf('sip:p;transport=TLS'), ';transport=tls');
  assert.equal(tlsNamingOf('sips:p;transport=udp'), undefined);
  assert.equal(tlsNamingOf('tel:+1555'), undefined);
});
