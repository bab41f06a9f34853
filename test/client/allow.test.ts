import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as sip from 'sip';
import { parseAllow } from '../../client/allow';

test('allow: one line', () => {
  assert.deepEqual(parseAllow('INVITE, ACK, BYE, CANCEL, OPTIONS'), ['INVITE', 'ACK', 'BYE', 'CANCEL', 'OPTIONS']);
});

test('allow: two lines merged by the sip package give the union of both', () => {
  const message = sip.parse(
    'SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.2;branch=z9hG4bK1\r\nTo: <sip:c@x.invalid>;tag=1\r\nFrom: <sip:a@x.invalid>;tag=2\r\n' +
      'Call-ID: c1\r\nCSeq: 1 INVITE\r\nAllow: INVITE, ACK\r\nAllow: BYE, INVITE\r\nContent-Length: 0\r\n\r\n',
  );
  assert.ok(message);
  assert.equal(message.headers.allow, 'INVITE, ACK,BYE, INVITE', 'the package merges repeated headers with a bare comma');
  assert.deepEqual(parseAllow(message.headers.allow as string), ['INVITE', 'ACK', 'BYE']);
});

test('allow: the same two lines given one by one (wire form) give the same union', () => {
  assert.deepEqual(parseAllow(['INVITE, ACK', 'BYE, INVITE']), ['INVITE', 'ACK', 'BYE']);
});

test('allow: white space around and between methods is not part of them', () => {
  assert.deepEqual(parseAllow('  INVITE ,\tACK,BYE  ,  '), ['INVITE', 'ACK', 'BYE']);
});

test('allow: method names are case-sensitive: kept as received, not merged with another case', () => {
  assert.deepEqual(parseAllow('invite, INVITE, Bye'), ['invite', 'INVITE', 'Bye']);
});

test('allow: no header is null, an empty one is an empty list', () => {
  assert.equal(parseAllow(undefined), null);
  assert.deepEqual(parseAllow(''), []);
});
