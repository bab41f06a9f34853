import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SUB_CHECKS } from '../../support/checks/sub-checks';
import { CASES } from '../independent-client/fault-cases';
import { REFERENCE_FAULTS } from '../conformance/reference-faults';
import { faultsFailing, unknownPairs, unprovenSubChecks, type FaultTables } from './sub-check-proofs';

/**
 * A sub-check no fault FAILs is a rule nobody showed can fail: for every (requirement,
 * sub-check) of the catalogue, a fault of the reference client (reference-faults.ts) or of the
 * independent client (test/independent-client/fault-cases.ts) must FAIL it as the only FAIL of
 * its requirement. The tables are checked here; the fault tests run them end to end.
 */

const CATALOGUE = { 'RJ-01': ['call-id', 'cseq-invite'], 'RB-01': ['non2xx-ack', 'no-further-requests'] };

test('unprovenSubChecks names every pair no fault FAILs alone, and only those', () => {
  const tables: FaultTables = {
    reference: { 'no-call-id': { failing: { 'RJ-01': ['call-id'] } } },
    independent: {
      // Two sub-checks of one requirement: neither is shown to FAIL alone.
      'bad-ack': { failing: { 'RB-01': ['non2xx-ack', 'no-further-requests'] } },
      // A lower bound proves nothing alone either.
      'bad-cseq': { failing: { 'RJ-01': ['cseq-invite'] }, atLeast: true },
      // Alone within RB-01, though it FAILs RJ-01 too: a proof of RB-01's no-further-requests.
      retry: { failing: { 'RJ-01': ['call-id', 'cseq-invite'], 'RB-01': ['no-further-requests'] } },
    },
  };
  assert.deepEqual(unprovenSubChecks(CATALOGUE, tables), ['RJ-01 cseq-invite', 'RB-01 non2xx-ack']);
  assert.deepEqual(unprovenSubChecks(CATALOGUE, { ...tables, more: { 'new-branch': { failing: { 'RB-01': ['non2xx-ack'] } }, cseq: { failing: { 'RJ-01': ['cseq-invite'] } } } }), []);
  assert.deepEqual(unprovenSubChecks(CATALOGUE, {}), ['RJ-01 call-id', 'RJ-01 cseq-invite', 'RB-01 non2xx-ack', 'RB-01 no-further-requests']);
});

test('faultsFailing names the faults whose exact failing set holds the pair, alone or not', () => {
  const tables: FaultTables = { ref: { both: { failing: { 'RB-01': ['non2xx-ack', 'no-further-requests'] } }, lower: { failing: { 'RB-01': ['non2xx-ack'] }, atLeast: true } } };
  assert.deepEqual(faultsFailing(tables, 'RB-01', 'non2xx-ack'), ['ref / both']);
  assert.deepEqual(faultsFailing(tables, 'RJ-01', 'call-id'), []);
});

test('unknownPairs names a sub-check a table claims that the catalogue lacks', () => {
  assert.deepEqual(unknownPairs(CATALOGUE, { reference: { typo: { failing: { 'RJ-01': ['callid'], 'RJ-02': ['request-uri'] } } } }), ['reference / typo: RJ-01 callid', 'reference / typo: RJ-02 request-uri']);
});

const TABLES: FaultTables = { 'reference client': REFERENCE_FAULTS, 'independent client': CASES };

test('every fault table names only sub-checks of the catalogue', () => {
  assert.deepEqual(unknownPairs(SUB_CHECKS, TABLES), []);
});

/**
 * Sub-checks no client can FAIL alone, each with the reason: they are proven only together, by
 * a fault that FAILs them with another sub-check of the same requirement. Kept short and checked
 * both ways: an entry must still lack a proof alone, and some fault must FAIL it.
 */
const PROVEN_ONLY_TOGETHER: Record<string, string> = {
  // The no-answer and the lost-INVITE scenarios look the same to the client until it sends its
  // first copy (silence either way), so its first copy comes at the same time in both. No copy
  // within 8·T1 (invite-retransmitted FAILs) is no copy within 4·T1 (lost-invite-retransmitted
  // FAILs); a copy later than 4·T1 but within 8·T1 FAILs lost-invite-retransmitted and
  // timer-a-doubling (Timer A's first copy is due at T1, within T1/2).
  'RB-02 invite-retransmitted': 'silence and a lost INVITE look the same to the client: no copy FAILs lost-invite-retransmitted too',
  'RB-02 lost-invite-retransmitted': 'silence and a lost INVITE look the same to the client: a missing or late first copy FAILs invite-retransmitted or timer-a-doubling too',
};

test('every sub-check of the catalogue has a fault that FAILs it alone within its requirement', () => {
  const unproven = unprovenSubChecks(SUB_CHECKS, TABLES).filter((p) => !Object.hasOwn(PROVEN_ONLY_TOGETHER, p));
  assert.deepEqual(unproven, [], `sub-checks no fault FAILs alone (add a switch to client/ and reference-faults.ts, or a fault to test/independent-client/fault-cases.ts): ${unproven.join(', ')}`);
});

test('each sub-check proven only together lacks a proof alone, and some fault FAILs it', () => {
  const unproven = unprovenSubChecks(SUB_CHECKS, TABLES);
  for (const p of Object.keys(PROVEN_ONLY_TOGETHER)) {
    assert.ok(unproven.includes(p), `${p} now has a fault that FAILs it alone: take it off PROVEN_ONLY_TOGETHER`);
    const [requirement, check] = p.split(' ');
    assert.notDeepEqual(faultsFailing(TABLES, requirement, check), [], `${p}: no fault FAILs it at all`);
  }
});
