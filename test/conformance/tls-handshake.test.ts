import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FAULT_SWITCHES, FAULTS } from '../../client/faults';
import { runConformanceMany } from '../helpers/run-suite';

/**
 * A client whose TLS handshake fails never gets a SIP message across: nothing of the clause can
 * be judged, so every TLS scenario is INCONC with the TLS layer's reason (and the client's bytes
 * in the trace), never FAIL, and the run goes on to the end.
 */
const HANDSHAKE_FAULTS: Record<string, RegExp> = {
  // Node's client closes the connection when it does not trust the certificate; OpenSSL gets no alert to name.
  'tls-untrusting': /the client's TLS connection to the SIP\/IP Core failed before any SIP message \(message #\d+, \d+ bytes from the client\): the connection closed before the TLS handshake was done \(does the client trust IM_TLS_CA\?\)/,
  'tls-1.1-only': /the client's TLS connection to the SIP\/IP Core failed before any SIP message \(message #\d+, \d+ bytes from the client\): TLS handshake failed: unsupported protocol \(ERR_SSL_UNSUPPORTED_PROTOCOL\)/,
  'tls-plaintext': /the client's TLS connection to the SIP\/IP Core failed before any SIP message \(message #\d+, \d+ bytes from the client\): TLS handshake failed: wrong version number \(ERR_SSL_WRONG_VERSION_NUMBER\)/,
};

test('every switch that breaks the TLS handshake is proved here', () => {
  assert.deepEqual(Object.keys(HANDSHAKE_FAULTS).sort(), FAULT_SWITCHES.filter((name) => FAULTS[name].tlsHandshake !== undefined).sort());
});

test('a TLS handshake that fails (untrusted CA, TLS 1.1, plain text on the TLS port) makes every TLS scenario INCONC with the TLS reason, and the run goes on', async () => {
  const names = Object.keys(HANDSHAKE_FAULTS);
  const runs = await runConformanceMany(names.map((fault) => ({ faults: [fault], args: ['--no-html', '--name', 'over TLS on IPv4'] })));
  runs.forEach((run, i) => {
    const fault = names[i];
    const scenarios = run.summary.requirements.flatMap((r) => r.scenarios.map((s) => ({ ...s, requirement: r.id })));
    assert.ok(scenarios.length >= 9, `${fault}: the TLS rows ran (${scenarios.length} scenarios)\n${run.output.slice(-2000)}`);
    for (const s of scenarios) {
      assert.equal(s.verdict, 'INCONC', `${fault}: ${s.requirement} "${s.name}": ${s.reason}`);
      assert.match(s.reason, HANDSHAKE_FAULTS[fault], `${fault}: ${s.requirement} "${s.name}"`);
    }
  });
});
