import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkViaSipIpCore, OUTBOUND_ROUTE_CHECKS } from '../../support/checks/outbound-proxy';
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
