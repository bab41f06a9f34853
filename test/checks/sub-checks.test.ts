import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ACK_CHECKS, checkAckOf2xx, checkAckOfEveryRetransmission } from '../../support/checks/ack-of-2xx';
import { checkAllowedMethods } from '../../support/checks/allow-kept';
import { checkConferenceState, checkSubscriptionSent } from '../../support/checks/conference-subscription';
import { checkImsSetup } from '../../support/checks/ims-session';
import { checkInitialRequest } from '../../support/checks/initial-request';
import { checkMsrpOffer } from '../../support/checks/msrp-offer';
import { checkRequestUri } from '../../support/checks/request-uri';
import { checkEarlyNotifyAccepted } from '../../support/checks/early-notify';
import { checkErrorAnswerHandled } from '../../support/checks/error-answers';
import { checkInviteRetransmission, checkLostInviteRecovered } from '../../support/checks/invite-retransmission';
import { checkOkRetransmitted } from '../../support/checks/ok-retransmitted';
import { checkRedirectHandled } from '../../support/checks/redirect';
import { checkSessionSetUpAnyway } from '../../support/checks/unusual-ok';
import { checkSessionIdentity } from '../../support/checks/session-identity-kept';
import { isSubCheck, requirementsOfSubCheck, SUB_CHECKS, subChecksOf, TEST_BED_CHECKS, uncataloguedPairs } from '../../support/checks/sub-checks';
import { checkViaSipIpCore } from '../../support/checks/outbound-proxy';
import { CATALOGUE } from '../../support/requirements';
import type { RecordedMessage } from '../../support/sip/recorded-message';
import type { Finding } from '../../support/verdict';
import { generated, TORTURE } from '../robustness/corpus';
import { FOCUS, INVITE_MSG, ok, request } from '../helpers/dialog';
import { CONFERENCE, invite, OFFER, PROXY, recorded, setHeader, sipText } from '../helpers/messages';

/**
 * The catalogue of sub-checks (support/checks/sub-checks.ts) is what a waiver is validated
 * against, so it must hold exactly the (requirement, check) pairs the checks emit: a pair it
 * lacks could not be waived, a pair no check emits would waive nothing. Every check runs here
 * over good, bad, missing and unparsable input (the robustness corpus included), as its steps
 * call it, and the pairs seen are compared with the catalogue both ways.
 */

const ICSI = 'urn:urn-7:3gpp-service.ims.icsi.oma.cpm.session';
const proxy = { uri: PROXY.replace(/;lr$/, ''), host: '127.0.0.1', port: 5060, transport: 'udp' as const };
const final = (status: string, extra: string[] = []) =>
  recorded(sipText([`SIP/2.0 ${status}`, 'To: <sip:conf-42@conference.example.invalid>;tag=srv1', 'Call-ID: a84b4c76e66710@127.0.0.2', 'CSeq: 314159 INVITE', ...extra]), { seq: 2, direction: 'to-client' });
const garbage = recorded('GARBAGE \x00\xff', { seq: 3 });
const copy = (seq: number, at: number) => invite(undefined, undefined, { seq, at });

/** Every finding every check gives over the inputs below, as the steps call the checks. */
let cached: Finding[] | undefined;
const emitted = (): Finding[] => (cached ??= runEveryCheck());

function runEveryCheck(): Finding[] {
  const out: Finding[] = [];
  const invites: RecordedMessage[] = [
    INVITE_MSG,
    invite(setHeader('User-Agent')),
    invite(setHeader('Route')),
    invite(setHeader('Content-Type'), ''),
    invite((l) => [...l, 'P-Preferred-Identity: <sip:alice@example.invalid>', 'P-Access-Network-Info: 3GPP-E-UTRAN-FDD']),
    invite(undefined, undefined, { transport: 'tcp' }),
    ...[...TORTURE, ...generated(60)].map((c, i) => recorded(c.bytes, { seq: i + 1 })),
  ];
  const acks = [request('ACK', 3), request('ACK', 3, { uri: CONFERENCE, branch: 'z9hG4bK776asdhds', cseq: '1 ACK', toTag: null }), garbage];
  const subscribe = (extra: string[]) => request('SUBSCRIBE', 4, { callId: 'sub-1@127.0.0.2', toTag: null, cseq: '1 SUBSCRIBE', extra });
  const subscribes = [subscribe(['Contact: <sip:alice@127.0.0.2:5070>', 'Event: conference', 'Accept: application/conference-info+xml', 'Expires: 600']), subscribe([]), garbage];
  const notifyAnswer = recorded(sipText(['SIP/2.0 200 OK', 'Call-ID: sub-1@127.0.0.2', 'CSeq: 1 NOTIFY']), { seq: 7 });
  const oks = [ok(), ok({ allow: null }), recorded(sipText(['SIP/2.0 200 OK', 'CSeq: 314159 INVITE']), { seq: 2, direction: 'to-client' })];
  const laters = [[], [request('BYE', 5)], [request('BYE', 5, { uri: CONFERENCE }), request('SUBSCRIBE', 6, { callId: 'x', toTag: null })]];

  // Over TLS, with and without a client certificate, a TLS offer and a TCP/MSRP one, and garbage.
  const cert = { subject: 'CN=a', issuer: 'CN=ca', validFrom: '1970-01-01T00:00:00Z', validTo: '2100-01-01T00:00:00Z', fingerprint256: 'AA', trusted: true, der: Buffer.alloc(0) };
  const tlsProxy = { uri: 'sip:127.0.0.1:5061;transport=tls', host: '127.0.0.1', port: 5061, transport: 'tls' as const };
  const tlsBody = OFFER.replace('TCP/MSRP', 'TCP/TLS/MSRP').replace('msrp://', 'msrps://');
  const overTls = [
    invite(setHeader('Route', '<sip:127.0.0.1:5061;transport=tls;lr>'), tlsBody, { transport: 'tls' }),
    invite(setHeader('Route', '<sips:127.0.0.1:5061;lr>'), undefined, { transport: 'tls' }),
    invite(setHeader('Route'), '', { transport: 'tls' }),
    recorded('GARBAGE \x00\xff', { transport: 'tls' }),
  ].flatMap((m) => [m, { ...m, tls: { connection: 1, version: 'TLSv1.3', cipher: 'x', clientCertificate: cert } }]);
  for (const inv of overTls) {
    for (const clientCertificateDeclared of [false, true]) out.push(...checkInitialRequest(inv, { clientCertificateDeclared }));
    out.push(...checkMsrpOffer(inv), ...checkViaSipIpCore(inv, tlsProxy));
  }
  for (const inv of invites) {
    out.push(...checkInitialRequest(inv), ...checkRequestUri(inv, CONFERENCE), ...checkMsrpOffer(inv), ...checkViaSipIpCore(inv, proxy));
    for (const icsi of [undefined, ICSI]) for (const accessNetworkInfo of [false, true]) out.push(...checkImsSetup(inv, { pcscfUri: PROXY, icsi, accessNetworkInfo }));
    for (const finals of [[], [ok()], [ok(), ok({}, 4)], [final('486 Busy Here')]]) {
      for (const a of [[], ...acks.map((x) => [x])]) {
        out.push(...checkAckOf2xx({ invite: inv, finals, acks: a }));
        if (finals[0]) out.push(...checkErrorAnswerHandled({ invite: inv, final: finals[0], acks: a, later: laters[1] }));
      }
    }
    out.push(...checkRedirectHandled({ invite: inv, redirect: final('302 Moved Temporarily', ['Contact: <sip:conf-42@moved.example.invalid>']), acks: [], later: laters[2] }));
  }
  {
    for (const copies of [[copy(1, 0)], [copy(1, 0), copy(2, 50), copy(3, 150)], [copy(1, 0), copy(2, 5)]]) {
      for (const waitedMs of [10, 1000]) out.push(...checkInviteRetransmission({ invites: copies, t1Ms: 50, waitedMs }));
    }
  }
  for (const invs of [[copy(1, 0)], [copy(1, 0), copy(2, 50)]]) {
    for (const finals of [[], [ok()]]) for (const a of [[], [acks[0]]]) out.push(...checkLostInviteRecovered({ invites: invs, finals, acks: a, t1Ms: 50, waitedMs: 200 }));
  }
  // RJ-05 judges every 2xx copy over UDP, RB-04 over TCP, with the same rule.
  for (const finals of [[], [ok()], [ok(), ok({}, 4)]]) {
    for (const a of [[], [acks[0]]]) out.push(...checkAckOfEveryRetransmission('RJ-05', finals, a), ...checkOkRetransmitted({ finals, acks: a }));
  }
  for (const o of oks) {
    for (const later of laters) {
      for (const state of [undefined, { allow: null, sessionIdentity: null }, { allow: ['INVITE'], sessionIdentity: FOCUS }]) {
        out.push(...checkAllowedMethods({ ok: o, later, state }), ...checkSessionIdentity({ ok: o, later, state }));
      }
      out.push(...checkSessionSetUpAnyway({ ok: o, acks: later, later }));
    }
    for (const sub of subscribes) {
      for (const notify of [undefined, {}, { response: notifyAnswer }]) out.push(...checkConferenceState({ invite: INVITE_MSG, ok: o, subscribe: sub, notify }));
    }
  }
  for (const sub of [undefined, subscribes[0]]) out.push(...checkSubscriptionSent(sub, 2000));
  for (const response of [undefined, notifyAnswer, garbage]) out.push(...checkEarlyNotifyAccepted({ notify: request('NOTIFY', 6), response }));
  return out;
}

const pairs = (findings: readonly Finding[]): Set<string> => new Set(findings.map((f) => `${f.requirement} ${f.check}`));
const catalogued = new Set(Object.entries(SUB_CHECKS).flatMap(([id, names]) => names.map((n) => `${id} ${n}`)));

test('every (requirement, sub-check) pair a check emits is in the catalogue of sub-checks', () => {
  const findings = emitted();
  assert.ok(findings.length > 1000, `the inputs exercised the checks (${findings.length} findings)`);
  assert.deepEqual(uncataloguedPairs(findings), [], 'add the name to its check module\'s exported list (support/checks/sub-checks.ts builds on those)');
});

test('every pair of the catalogue is emitted by some check: a waiver of it can take effect', () => {
  const seen = pairs(emitted());
  assert.deepEqual([...catalogued].filter((p) => !seen.has(p)), []);
});

test('the catalogue has an entry for every requirement of the catalogue, and nothing else', () => {
  assert.deepEqual(Object.keys(SUB_CHECKS).sort(), CATALOGUE.map((r) => r.id).sort());
  for (const [id, names] of Object.entries(SUB_CHECKS)) {
    assert.ok(names.length > 0, `${id} has no sub-check`);
    assert.equal(new Set(names).size, names.length, `${id} lists a name twice`);
    for (const n of names) assert.match(n, /^[a-z0-9]+(-[a-z0-9]+)*$/, `${id} ${n}`);
  }
});

test('each robustness sub-check belongs to one robustness case only', () => {
  for (const id of CATALOGUE.filter((r) => r.strength === 'RB').map((r) => r.id)) {
    for (const name of subChecksOf(id)!) {
      const owners = requirementsOfSubCheck(name).filter((o) => o.startsWith('RB-'));
      assert.deepEqual(owners, [id], `${name} is in ${owners.join(', ')}`);
    }
  }
});

test('ack-each-retransmission is a sub-check of RJ-05 and of RB-04, each on its own', () => {
  assert.deepEqual(requirementsOfSubCheck('ack-each-retransmission'), ['RJ-05', 'RB-04']);
  assert.deepEqual(subChecksOf('RB-04'), ['ack-each-retransmission']);
  assert.deepEqual(subChecksOf('RJ-05'), ACK_CHECKS);
});

test('the test bed\'s own checks and unknown ids are no sub-check of anything', () => {
  for (const special of TEST_BED_CHECKS) assert.deepEqual(requirementsOfSubCheck(special), []);
  assert.equal(subChecksOf('RJ-99'), undefined);
  assert.equal(subChecksOf('constructor'), undefined);
  assert.equal(isSubCheck('RJ-01', 'toString'), false);
});
