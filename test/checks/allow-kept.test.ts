import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkAllowedMethods } from '../../support/checks/allow-kept';
import { ok, request } from '../helpers/dialog';

const verdicts = (findings: Array<{ check: string; verdict: string }>) => Object.fromEntries(findings.map((f) => [f.check, f.verdict]));

test('RJ-06: requests within the Allow list pass; ACK is exempt; Allow over several lines is one list', () => {
  const twoLines = ok({ allow: ['INVITE, ACK', 'BYE'] });
  assert.deepEqual(verdicts(checkAllowedMethods({ ok: twoLines, later: [request('ACK', 3), request('BYE', 4)], state: { allow: ['INVITE', 'ACK', 'BYE'] } })), {
    'no-method-outside-allow': 'PASS',
    'state-allow': 'PASS',
  });
});

test('RJ-06: a SUBSCRIBE the Allow lacks FAILs, naming the method, the list and the message', () => {
  const [f] = checkAllowedMethods({ ok: ok({ allow: ['INVITE, ACK, BYE'] }), later: [request('SUBSCRIBE', 5, { callId: 'sub@x', toTag: null })] });
  assert.equal(f.verdict, 'FAIL');
  assert.match(f.summary, /sent SUBSCRIBE \(message #5\), a method the 200 OK's Allow \(INVITE, ACK, BYE\) does not list/);
  assert.equal(f.line?.number, 1);
});

test('RJ-06: nothing after the 200 OK is INCONC, with or without Allow, never a PASS on nothing', () => {
  for (const allow of [undefined, null]) {
    const [f] = checkAllowedMethods({ ok: ok({ allow }), later: [] });
    assert.equal(f.verdict, 'INCONC');
    assert.match(f.summary, /sent no request after the 200 OK/);
  }
});

test('RJ-06: without Allow there is nothing to keep; a kept list that differs from Allow FAILs state-allow', () => {
  assert.deepEqual(verdicts(checkAllowedMethods({ ok: ok({ allow: null }), later: [request('UPDATE', 3)], state: { allow: null } })), {
    'no-method-outside-allow': 'PASS',
    'state-allow': 'PASS',
  });
  assert.equal(verdicts(checkAllowedMethods({ ok: ok(), later: [request('BYE', 3)], state: { allow: ['INVITE'] } }))['state-allow'], 'FAIL');
});
