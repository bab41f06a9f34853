import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runConformance } from '../helpers/run-suite';

/**
 * Declared, not assumed: a client that declares UDP on IPv4 only gets the TCP, TLS and IPv6 rows
 * of the transport-dependent scenarios N/A with the ICS field that says so, and never a FAIL; its
 * UDP on IPv4 rows are judged as usual.
 */
test('a profile declaring only UDP on IPv4 gets the TCP, TLS and IPv6 rows N/A with the reason, and passes the rest', async () => {
  const run = await runConformance({ args: ['--no-html', '--sut', 'test/data/profiles/reference-udp-ipv4.json', '--name', ' on IPv'] });
  const scenarios = run.summary.requirements.flatMap((r) => r.scenarios.map((s) => ({ ...s, requirement: r.id })));
  const row = (s: { name: string }) => / over (UDP|TCP|TLS) on IPv([46])/.exec(s.name);
  assert.ok(scenarios.length > 20, run.output.slice(-2000));
  const seen = new Set<string>();
  for (const s of scenarios) {
    const m = row(s);
    assert.ok(m, `a selected scenario names its transport and IP version: ${s.name}`);
    const [, transport, ip] = m;
    seen.add(`${transport}/${ip}`);
    if (transport === 'UDP' && ip === '4') {
      assert.equal(s.verdict, 'PASS', `${s.requirement} ${s.name}: ${s.reason}`);
    } else {
      assert.equal(s.verdict, 'N/A', `${s.requirement} ${s.name}: ${s.reason}`);
      const why = transport !== 'UDP' ? `the client does not declare ${transport} \\(ics\\.transports\\)` : 'the client does not declare IPv6 \\(ics\\.ipVersions\\)';
      assert.match(s.reason, new RegExp(why), `${s.requirement} ${s.name}`);
    }
  }
  assert.deepEqual([...seen].sort(), ['TCP/4', 'TCP/6', 'TLS/4', 'TLS/6', 'UDP/4', 'UDP/6']);
  assert.equal(run.exitCode, 0, 'N/A rows do not fail the gate');
});

test('on a machine without the IPv6 address the test bed is to use, the IPv6 rows are N/A with that reason, and a run judged on nothing else is not called compliant', async () => {
  // 2001:db8::/32 is for documentation (RFC 3849): no machine has it, as a container may have no ::1.
  const run = await runConformance({ args: ['--no-html', '--sut', 'test/data/profiles/reference-without-ipv6.json', '--name', ' on IPv6'] });
  const scenarios = run.summary.requirements.flatMap((r) => r.scenarios);
  assert.ok(scenarios.length > 10, run.output.slice(-2000));
  for (const s of scenarios) {
    assert.equal(s.verdict, 'N/A', `${s.name}: ${s.reason}`);
    assert.match(s.reason, /this machine has no IPv6 address 2001:db8::5 to listen on \(EADDRNOTAVAIL\)/, s.name);
  }
  // Only IPv6 rows were selected: every selected SHALL is N/A, so nothing of it was judged.
  assert.equal(run.exitCode, 1, run.output.slice(-2000));
  assert.match(run.output, /NOT COMPLIANT: .*\n {2}RJ-01 SHALL N\/A: not judged, no scenario of it applied \(N\/A: this machine has no IPv6 address 2001:db8::5 to listen on \(EADDRNOTAVAIL\)/);
  assert.doesNotMatch(run.output, /\nCOMPLIANT/);
});
