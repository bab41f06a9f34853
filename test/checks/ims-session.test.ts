import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkImsSetup } from '../../support/checks/ims-session';
import { invite, PROXY, recorded, setHeader } from '../helpers/messages';

const ICSI = 'urn:urn-7:3gpp-service.ims.icsi.oma.cpm.session';
const tag = `+g.3gpp.icsi-ref="${encodeURIComponent(ICSI)}"`;
const imsInvite = (...changes: Array<(l: string[]) => string[]>) =>
  invite((lines) =>
    [
      setHeader('Contact', `<sip:alice@127.0.0.2:5070;transport=udp>;+g.oma.sip-im;${tag}`),
      setHeader('Accept-Contact', `*;+g.oma.sip-im;${tag}`),
      setHeader('P-Preferred-Identity', '<sip:alice@example.invalid>'),
      setHeader('P-Access-Network-Info', '3GPP-E-UTRAN-FDD; utran-cell-id-3gpp=2080100000001'),
      ...changes,
    ].reduce((l, change) => change(l), lines),
  );
const ims = { pcscfUri: PROXY, icsi: ICSI, accessNetworkInfo: true };
const failed = (f: ReturnType<typeof checkImsSetup>) => f.filter((x) => x.verdict === 'FAIL').map((x) => x.check);

test('an INVITE with the TS 24.229 headers passes every RJ-09 sub-check', () => {
  const findings = checkImsSetup(imsInvite(), ims);
  assert.deepEqual(findings.map((f) => f.check), ['ims-preferred-identity', 'ims-route-to-pcscf', 'ims-icsi', 'ims-access-network-info']);
  assert.deepEqual(failed(findings), [], JSON.stringify(findings, null, 2));
});

for (const [check, change] of [
  ['ims-preferred-identity', setHeader('P-Preferred-Identity')],
  ['ims-route-to-pcscf', setHeader('Route', '<sip:127.0.0.9:5060;lr>')],
  ['ims-icsi', setHeader('Accept-Contact', '*;+g.oma.sip-im')],
  ['ims-access-network-info', setHeader('P-Access-Network-Info')],
] as const) {
  test(`RJ-09 sub-check "${check}" fails alone`, () => {
    assert.deepEqual(failed(checkImsSetup(imsInvite(change), ims)), [check]);
  });
}

test('the ICSI and access network sub-checks apply only when the profile declares them', () => {
  const checks = checkImsSetup(imsInvite(), { pcscfUri: PROXY, accessNetworkInfo: false }).map((f) => f.check);
  assert.deepEqual(checks, ['ims-preferred-identity', 'ims-route-to-pcscf']);
});

test('a malformed line where the P-Preferred-Identity was is INCONC naming RJ-01, not a FAIL of RJ-09', () => {
  const m = recorded(imsInvite().bytes.toString('utf8').replace(/^P-Preferred-Identity: /m, 'P-Preferred-Identity '));
  const f = checkImsSetup(m, ims).find((x) => x.check === 'ims-preferred-identity')!;
  assert.equal(f.verdict, 'INCONC');
  assert.match(f.summary, /no P-Preferred-Identity header can be read: line \d+ .* is malformed .*RJ-01 FAILs/);
});
