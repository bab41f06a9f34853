import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nameAddrSyntaxError } from '../../support/sip/name-addr';

test('name-addr and addr-spec forms of RFC 3261 25.1 are accepted', () => {
  for (const v of [
    '<sip:alice@example.invalid>;tag=1',
    'sip:alice@example.invalid;tag=1',
    'Alice Liddell <sip:alice@example.invalid>',
    '"Alice \\"A\\" L\\\\" <sip:alice@example.invalid> ;tag=1',
    '"" <sips:alice@[2001:db8::1]:5061>',
    '<tel:+1-555-0100>',
  ]) {
    assert.equal(nameAddrSyntaxError(v), undefined, v);
  }
});

test('what breaks every reader is named', () => {
  const cases: Array<[string, RegExp]> = [
    ['"Alice <sip:alice@example.invalid>', /quoted display name is never closed/],
    ['<sip:alice@example.invalid', /never closed by >/],
    ['<sip:alice@example.invalid> junk;tag=1', /"junk;tag=1" follows the >/],
    ['"Alice" sip:alice@example.invalid', /must be followed by <URI>/],
    ['Al@ce <sip:a@b>', /display name Al@ce is neither tokens nor a quoted string/],
    ['<not a uri>', /does not hold a URI/],
    ['sip:alice@example.invalid>', /without a matching/],
    ['', /empty/],
  ];
  for (const [v, why] of cases) assert.match(nameAddrSyntaxError(v) ?? 'accepted', why, v);
});
