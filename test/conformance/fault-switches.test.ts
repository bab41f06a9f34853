import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { FAULT_SWITCHES } from '../../client/faults';
import { gatesCompliance, requirement } from '../../support/requirements';
import { runConformanceMany, verdictsById, type SuiteRun } from '../helpers/run-suite';

/**
 * Every check must be able to fail. Each fault switch of the reference client breaks one
 * requirement (a few, where one mistake breaks two rules); the suite run with that switch on
 * must FAIL exactly those, for a reason a reader can act on, and leave every other verdict as
 * the clean run has it. A switch missing here is a check nobody proved can fail.
 */
interface Expectation {
  /** The requirements that must turn FAIL. */
  fails: string[];
  /** What the failing scenarios' reasons must say. */
  reason: RegExp;
  /** Requirements that may turn INCONC because the fault stops the exchange they need ("all": every other one). */
  inconclusive?: string[] | 'all';
  /** The SUT profile the fault needs (RJ-09 only applies over an IMS core). */
  profile?: string;
}

const CAUGHT_BY: Record<string, Expectation> = {
  'wrong-request-uri': { fails: ['RJ-02'], reason: /RJ-02 FAIL: the Request-URI sip:\S*@wrong-conference\.invalid\S* is not the IM Session Identity sip:\S*@conference\.example\.invalid/ },
  'no-from-tag': { fails: ['RJ-01'], reason: /RJ-01 FAIL: the From has no tag/ },
  'no-max-forwards': { fails: ['RJ-01'], reason: /RJ-01 FAIL: the INVITE has no Max-Forwards/ },
  'no-im-feature-tag': { fails: ['RJ-01'], reason: /RJ-01 FAIL: the Contact lacks the IM feature tag \+g\.oma\.sip-im/ },
  'no-accept-contact': { fails: ['RJ-01'], reason: /RJ-01 FAIL: the INVITE has no Accept-Contact/ },
  'malformed-header-line': { fails: ['RJ-01'], reason: /RJ-01 FAIL: line \d+ of the INVITE is malformed: not a header line \("X-Note [Bb]roken" is not a header name\)/ },
  'wrong-user-agent': { fails: ['RJ-01'], reason: /RJ-01 FAIL: the User-Agent "simple-im-reference\/[\d.]+" does not start with IM-client\/OMA/ },
  'no-sdp-body': { fails: ['RJ-03'], reason: /RJ-03 FAIL: the INVITE has no Content-Type and no body/ },
  'audio-m-line': { fails: ['RJ-03'], reason: /RJ-03 FAIL: the SDP offers no MSRP session: the media offered is "m=audio \d+ RTP\/AVP 0"/ },
  'no-accept-types': { fails: ['RJ-03'], reason: /RJ-03 FAIL: the MSRP media has no a=accept-types/ },
  'msrp-port-zero': { fails: ['RJ-03'], reason: /RJ-03 FAIL: .*port is 0/ },
  'no-connection-line': { fails: ['RJ-03'], reason: /RJ-03 FAIL: neither the session nor the MSRP media has a c= line/ },
  // A client that ignores its outbound proxy cannot reach a ".invalid" conference at all: those
  // scenarios say INCONC with the client's own reason; the one at the IM Server's address FAILs.
  'bypass-proxy': { fails: ['RJ-04'], reason: /RJ-04 FAIL: the INVITE bypassed the SIP\/IP Core: it arrived at (UDP|TCP) 127\.0\.0\.3:\d+, not at the outbound proxy/, inconclusive: 'all' },
  'route-without-lr': { fails: ['RJ-04'], reason: /RJ-04 FAIL: the first Route entry sip:127\.0\.0\.1:\d+;transport=\w+ lacks lr/ },
  'no-invite-retransmission': { fails: ['RB-02'], reason: /RB-02 FAIL: (over UDP the INVITE was not retransmitted within \d+ ms with no answer|the first INVITE was lost over UDP and the client sent no copy within \d+ ms) \(RFC 3261 Timer A starts at T1 = 50 ms\)/ },
  'no-ack': {
    fails: ['RJ-05', 'RB-02', 'RB-04', 'RB-05'],
    reason: /RJ-05 FAIL: the client did not acknowledge the 200 OK|RB-02 FAIL: the client did not acknowledge the 2xx \(message #\d+\) that answered its retransmitted INVITE|RB-04 FAIL: the copy of the 200 OK sent as message #\d+ was not acknowledged|RB-05 FAIL: the client did not acknowledge the unusual 200 OK/,
  },
  'ack-once': { fails: ['RJ-05', 'RB-04'], reason: /(RJ-05|RB-04) FAIL: the copy of the 200 OK sent as message #\d+ was not acknowledged before the next one/ },
  // The ACK is an in-dialog request too: RJ-07 sees it go to the wrong target as well.
  'ack-ignores-route-set': { fails: ['RJ-05'], reason: /RJ-05 FAIL: the ACK's Route \(<sip:127\.0\.0\.1:\d+;transport=\w+;lr>\) is not the route set the 200 OK's Record-Route gives .*1 Route entry where the route set has 2/ },
  'bye-ignores-route-set': { fails: ['RJ-07'], reason: /RJ-07 FAIL: the client's BYE \(message #\d+\) has the Route <sip:127\.0\.0\.1:\d+;transport=\w+;lr>, not the route set the 200 OK's Record-Route gives/ },
  'ack-to-request-uri': { fails: ['RJ-05', 'RJ-07'], reason: /RJ-05 FAIL: the ACK's Request-URI sip:\S+ is not the remote target|RJ-07 FAIL: the client's ACK \(message #\d+\) goes to sip:\S+, not to the IM Session Identity/ },
  'ignore-allow': { fails: ['RJ-06'], reason: /RJ-06 FAIL: the client sent SUBSCRIBE \(message #\d+\), a method the 200 OK's Allow \(INVITE, ACK, CANCEL, BYE(, UPDATE)?\) does not list/ },
  'bye-to-request-uri': { fails: ['RJ-07'], reason: /RJ-07 FAIL: the client's BYE \(message #\d+\) goes to sip:conf-71@conference\.example\.invalid, not to the IM Session Identity sip:conf-71-session@focus\.example\.invalid/ },
  'subscribe-to-request-uri': { fails: ['RJ-07', 'RJ-08'], reason: /RJ-07 FAIL: the client's SUBSCRIBE .* goes to sip:\S+, not to the IM Session Identity|RJ-08 FAIL: the SUBSCRIBE goes to sip:\S+, not to the stored IM Session Identity/ },
  'subscribe-without-event': { fails: ['RJ-08'], reason: /RJ-08 FAIL: the SUBSCRIBE has no Event header/ },
  'subscribe-without-accept': { fails: ['RJ-08'], reason: /RJ-08 FAIL: the SUBSCRIBE's Accept \(none\) does not list application\/conference-info\+xml/ },
  'reject-notify': { fails: ['RJ-08', 'RB-06'], reason: /(RJ-08|RB-06) FAIL: the client answered the (IM Server's|early) NOTIFY with "SIP\/2\.0 489 Bad Event"/ },
  // Without a SUBSCRIBE there is no NOTIFY to overtake its 200 OK: RB-06 cannot be judged.
  'no-subscribe': { fails: ['RJ-08'], reason: /RJ-08 FAIL: the client declares the conference state subscription .* but sent no SUBSCRIBE/, inconclusive: ['RB-06'] },
  'no-p-preferred-identity': { fails: ['RJ-09'], reason: /RJ-09 FAIL: the INVITE has no P-Preferred-Identity/, profile: 'suts/reference-ims.json' },
};

const runs = new Map<string, SuiteRun>();
const clean = new Map<string, Record<string, string>>();

const profileArgs = (profile?: string): string[] => ['--no-html', ...(profile ? ['--sut', profile] : [])];

// One clean run per profile and one run per switch, side by side in long-lived runner processes
// (runConformanceMany: each run still goes from the arguments to summary.json and the exit code
// through scripts/conformance.ts, in reports of its own).
before(async () => {
  const profiles = [...new Set(Object.values(CAUGHT_BY).map((e) => e.profile))];
  const faults = Object.entries(CAUGHT_BY);
  const done = await runConformanceMany([
    ...profiles.map((profile) => ({ args: profileArgs(profile) })),
    ...faults.map(([fault, e]) => ({ faults: [fault], args: profileArgs(e.profile) })),
  ]);
  profiles.forEach((profile, i) => clean.set(String(profile), verdictsById(done[i].summary)));
  faults.forEach(([fault], i) => runs.set(fault, done[profiles.length + i]));
});

test('every fault switch of the reference client has an entry here, and every entry is a switch', () => {
  assert.deepEqual([...FAULT_SWITCHES].sort(), Object.keys(CAUGHT_BY).sort(), 'a fault without an entry here is a check nobody proved can fail');
});

test('the clean runs pass every requirement that applies', () => {
  for (const [profile, verdicts] of clean) {
    for (const [id, verdict] of Object.entries(verdicts)) assert.ok(verdict === 'PASS' || verdict === 'N/A', `${profile}: ${id} is ${verdict}`);
  }
});

for (const [fault, e] of Object.entries(CAUGHT_BY)) {
  test(`fault "${fault}" fails exactly ${e.fails.join(' and ')}, with a reason naming what was wrong`, () => {
    const run = runs.get(fault)!;
    const gates = e.fails.some((id) => gatesCompliance(requirement(id)));
    assert.equal(run.exitCode, gates ? 1 : 0, `a failed SHALL, and only that, fails the gate:\n${run.output.slice(-3000)}`);
    if (gates) assert.match(run.output, /NOT COMPLIANT/);

    const before = clean.get(String(e.profile))!;
    const after = verdictsById(run.summary);
    for (const [id, verdict] of Object.entries(after)) {
      if (e.fails.includes(id)) assert.equal(verdict, 'FAIL', `${id} must FAIL`);
      else if (verdict !== before[id]) {
        const allowed = e.inconclusive === 'all' || (e.inconclusive ?? []).includes(id);
        assert.ok(allowed && verdict === 'INCONC', `${id} changed from ${before[id]} to ${verdict} though "${fault}" should leave it alone`);
      }
    }
    for (const id of e.fails) {
      const failing = run.summary.requirements.find((r) => r.id === id)!.scenarios.filter((s) => s.verdict === 'FAIL');
      assert.ok(failing.length > 0, `${id}: no failing scenario`);
      for (const s of failing) assert.match(s.reason, e.reason, `${id}, ${s.name}`);
    }
  });
}
