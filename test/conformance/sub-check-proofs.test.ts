import assert from 'node:assert/strict';
import { test } from 'node:test';
import { faultsFailing, unknownPairs, unprovenSubChecks, type FaultTables } from './sub-check-proofs';

/** The coverage logic of sub-check-proofs.ts, on fixture tables. */

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
