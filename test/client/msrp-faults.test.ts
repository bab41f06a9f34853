import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ActiveFaults, type RequestDraft } from '../../client/faults';
import { buildSdpOffer } from '../../client/sdp-offer';

const FINGERPRINT = Array.from({ length: 32 }, () => 'AB').join(':');
const offer = (tls: boolean): string => buildSdpOffer({ host: '127.0.0.2', msrpPort: 7000, msrpSessionId: 's1', sessionId: '1', sessionVersion: '1', ...(tls ? { tls: { fingerprint: FINGERPRINT } } : {}) });
const invite = (body: string): RequestDraft => ({ method: 'INVITE', requestUri: 'sip:conf@example.invalid', headers: {}, body });
const media = (body: string): string[] => body.split('\r\n').filter((l) => /^(m=|a=path|a=fingerprint)/.test(l));

function apply(fault: string, body: string): string {
  const d = invite(body);
  ActiveFaults.parse(fault).apply('invite', d, { conference: d.requestUri });
  return d.body;
}

test('msrp-plain-over-tls: an offer over TLS goes out as TCP/MSRP with an msrp: path and no fingerprint; a plain offer is left alone', () => {
  assert.deepEqual(media(apply('msrp-plain-over-tls', offer(true))), ['m=message 7000 TCP/MSRP *', 'a=path:msrp://127.0.0.2:7000/s1;tcp']);
  assert.equal(apply('msrp-plain-over-tls', offer(false)), offer(false));
});

test('msrps-path-with-tcp-proto: the m= line says TCP/MSRP while the a=path says msrps:, over TLS and over TCP alike', () => {
  assert.deepEqual(media(apply('msrps-path-with-tcp-proto', offer(true))), ['m=message 7000 TCP/MSRP *', 'a=path:msrps://127.0.0.2:7000/s1;tcp', `a=fingerprint:SHA-256 ${FINGERPRINT}`]);
  assert.deepEqual(media(apply('msrps-path-with-tcp-proto', offer(false))), ['m=message 7000 TCP/MSRP *', 'a=path:msrps://127.0.0.2:7000/s1;tcp']);
});
